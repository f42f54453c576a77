import Foundation
import Testing

/// `search:` runs: trials as graph nodes that share unchanged work, the
/// objective on the validation part, the best configuration refit.
@Suite struct SearchRunTests {
    static func pipeline(method: String = "random", trials: Int = 6, space: String, extra: String = "") -> String {
        """
        mass: 1
        seed: 3
        data:
          ratings: {synthetic: {users: 150, items: 90, ratings: 4000}}
        split: {method: kfold, folds: 3, validation: 0.15}
        models:
          bias: {kind: baseline}
          svd: {kind: mf, factors: 6, epochs: 8}
        search:
          method: \(method)
          trials: \(trials)
          parallel: 2\(extra)
          objective: rmse
          space:
        \(space)
        evaluate: {metrics: [rmse]}
        report: {json: out/results.json}

        """
    }

    static let lrSpace = "    models.svd.lr: loguniform(0.002, 0.05)\n    models.svd.factors: int(2, 16)"

    private func run(_ folder: URL, _ arguments: [String] = []) throws -> (outcomes: [String: String], document: [String: Any]) {
        let outcome = try MassProcess.run(["run", "p.yaml", "--json"] + arguments, in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        return (try RunFixtures.outcomes(outcome.stdout), document)
    }

    private func search(_ document: [String: Any]) throws -> [String: Any] {
        try #require((document["results"] as? [String: Any])?["search"] as? [String: Any])
    }

    @Test func theBestTrialIsChosenOnValidationAndRefit() throws {
        let folder = try RunFixtures.folder(["p.yaml": Self.pipeline(space: Self.lrSpace)])
        defer { try? FileManager.default.removeItem(at: folder) }
        let (_, document) = try run(folder)
        let search = try search(document)
        let trials = try #require(search["trials"] as? [[String: Any]])
        #expect(trials.count == 6)
        let objectives = trials.compactMap { $0["objective"] as? Double }
        #expect(objectives.count == 6)
        let best = try #require(search["best"] as? Int)
        #expect(trials[best - 1]["objective"] as? Double == objectives.min(), "the best trial has the lowest validation rmse")
        let curve = try #require(search["bestSoFar"] as? [Double])
        #expect(curve == objectives.indices.map { objectives[...$0].min() ?? .nan })
        // The results are the best configuration refit: the report says so too.
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("out/results.json")))
        #expect((written as? [String: Any])?["search"] != nil)
        let fragment = try MassProcess.run(["show", "p.yaml", "--best"], in: folder)
        #expect(fragment.status == 0)
        #expect(fragment.stdout.hasPrefix("models:\n  svd:\n    factors: "))
    }

    @Test func tuningOneModelTrainsTheOthersOnceAndARerunIsCached() throws {
        let folder = try RunFixtures.folder(["p.yaml": Self.pipeline(space: Self.lrSpace)])
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try MassProcess.run(["run", "p.yaml", "--verbose"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        let biasFits = first.stderr.components(separatedBy: "\n").filter {
            $0.contains("fit bias @ fold") && !$0.contains("cached")
        }
        // Once per fold for all six trials, and once per fold for the refit on the whole training part.
        #expect(biasFits.count == 6, "\(biasFits)")
        #expect(Set(biasFits.map { $0.components(separatedBy: "fit bias @ fold ").last?.prefix(1) ?? "" }).count == 3)
        let again = try run(folder)
        #expect(again.outcomes.values.allSatisfy { $0 == "cached" })
        let runs = try #require(again.document["trialRuns"] as? [[String: Any]])
        #expect(runs.count == 6 && runs.allSatisfy { $0["cached"] as? Bool == true })
        // More trials run only the new ones.
        try Self.pipeline(trials: 8, space: Self.lrSpace).write(
            to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let more = try run(folder)
        let cached = try #require(more.document["trialRuns"] as? [[String: Any]]).map { $0["cached"] as? Bool }
        #expect(cached == [true, true, true, true, true, true, false, false])
    }

    @Test func aFailingTrialIsRecordedAndTheSearchGoesOn() throws {
        let folder = try RunFixtures.folder([
            "p.yaml": Self.pipeline(method: "grid", trials: 10, space: "    models.svd.lr: choice(0.01, 500)")
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let (_, document) = try run(folder)
        let search = try search(document)
        let trials = try #require(search["trials"] as? [[String: Any]])
        #expect(trials.count == 2)
        let failed = trials.filter { ($0["status"] as? String)?.hasPrefix("failed") == true }
        #expect(failed.count == 1)
        #expect(failed.first?["objective"] == nil, "a failure has no objective")
        let best = try #require(search["best"] as? Int)
        #expect((trials[best - 1]["status"] as? String) == "ok", "a failure is never the best")
    }

    @Test func proposalsAndResultsDoNotDependOnJobs() throws {
        var documents: [Data] = []
        for jobs in ["1", "4"] {
            let folder = try RunFixtures.folder(["p.yaml": Self.pipeline(method: "bayes", trials: 7, space: Self.lrSpace)])
            defer { try? FileManager.default.removeItem(at: folder) }
            _ = try run(folder, ["--jobs", jobs])
            documents.append(try Data(contentsOf: folder.appendingPathComponent("out/results.json")))
        }
        #expect(documents[0] == documents[1])
    }

    @Test func theSearchTunesTheCombinerToo() throws {
        let folder = try RunFixtures.folder([
            "p.yaml": Self.pipeline(space: "    combine.meta.alpha: choice(0.1, 10)\n    models.svd.epochs: int(3, 9)")
                .replacingOccurrences(of: "search:", with: "combine: {method: stacking}\nsearch:")
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let (_, document) = try run(folder)
        let search = try search(document)
        #expect(search["target"] as? String == "combined")
    }

    @Test func aTimeoutStopsTheSearchAndARerunReplaysWhatItRecorded() throws {
        // A timeout shorter than any trial: one batch (two trials) runs, then the search stops.
        let folder = try RunFixtures.folder([
            "p.yaml": Self.pipeline(trials: 6, space: Self.lrSpace, extra: "\n  timeout: 0.000001")
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try search(try run(folder).document)
        #expect((first["trials"] as? [[String: Any]])?.count == 2)
        #expect(first["stoppedBy"] as? String == "timeout")
        // The same pipeline again: the recorded trials, all cached, and the same results.
        let again = try run(folder)
        #expect(try search(again.document)["stoppedBy"] as? String == "timeout")
        let replayed = try #require(again.document["trialRuns"] as? [[String: Any]])
        #expect(replayed.count == 2 && replayed.allSatisfy { $0["cached"] as? Bool == true })
        // A longer timeout goes on from there to the trial budget.
        try Self.pipeline(trials: 4, space: Self.lrSpace, extra: "\n  timeout: 1h").write(
            to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let longer = try run(folder)
        #expect(try search(longer.document)["stoppedBy"] as? String == "trials")
        let cached = try #require(longer.document["trialRuns"] as? [[String: Any]]).map { $0["cached"] as? Bool }
        #expect(cached == [true, true, false, false])
    }

    @Test func extendKeepsTheEarlierTrialsThatFitAChangedSpace() throws {
        let space = "    models.svd.lr: choice(0.01, 0.02)\n    models.svd.factors: int(2, 16)"
        let folder = try RunFixtures.folder(["p.yaml": Self.pipeline(trials: 4, space: space)])
        defer { try? FileManager.default.removeItem(at: folder) }
        let earlier = try #require(try search(try run(folder).document)["trials"] as? [[String: Any]])
        let earlierValues = earlier.compactMap { $0["parameters"] as? NSDictionary }

        // The choice gains a value: with 'resume: extend' the earlier trials come first, from the cache.
        let wider = "    models.svd.lr: choice(0.01, 0.02, 0.04)\n    models.svd.factors: int(2, 16)"
        try Self.pipeline(trials: 6, space: wider, extra: "\n  resume: extend").write(
            to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let extended = try run(folder)
        let extendedSearch = try search(extended.document)
        let trials = try #require(extendedSearch["trials"] as? [[String: Any]])
        let resumed = try #require(extendedSearch["resumed"] as? Int)
        #expect(resumed == NSSet(array: earlierValues).count && resumed > 0)
        #expect(trials.prefix(resumed).compactMap { $0["parameters"] as? NSDictionary } == Array(earlierValues.prefix(resumed)))
        let cached = try #require(extended.document["trialRuns"] as? [[String: Any]]).map { $0["cached"] as? Bool == true }
        #expect(cached.prefix(resumed).allSatisfy { $0 }, "the earlier trials cost nothing")
        #expect(trials.count == 6)

        // A narrower space keeps only the trials inside it.
        let narrower = "    models.svd.lr: choice(0.02)\n    models.svd.factors: int(2, 16)"
        try Self.pipeline(trials: 3, space: narrower, extra: "\n  resume: extend").write(
            to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let narrowed = try search(try run(folder).document)
        let kept = try #require(narrowed["trials"] as? [[String: Any]]).prefix(narrowed["resumed"] as? Int ?? 0)
        #expect(kept.allSatisfy { ($0["parameters"] as? [String: Any])?["models.svd.lr"] as? Double == 0.02 })
    }

    @Test func withoutExtendAChangedSpaceStartsANewStudy() throws {
        let space = "    models.svd.lr: choice(0.01, 0.02)\n    models.svd.factors: int(2, 16)"
        let folder = try RunFixtures.folder(["p.yaml": Self.pipeline(trials: 3, space: space)])
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try run(folder)
        let wider = "    models.svd.lr: choice(0.01, 0.02, 0.04)\n    models.svd.factors: int(2, 16)"
        try Self.pipeline(trials: 3, space: wider).write(
            to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let restarted = try search(try run(folder).document)
        #expect(restarted["resumed"] == nil)
    }

    @Test func theSearchTunesTheSampleAndBaggingMembers() throws {
        let folder = try RunFixtures.folder([
            "p.yaml": Self.pipeline(
                method: "grid", space: "    sample.fraction: choice(0.5, 0.9)\n    combine.members: choice(2, 4)"
            )
            .replacingOccurrences(
                of: "search:", with: "sample: {method: uniform, fraction: 0.5}\ncombine: {method: bagging, of: svd}\nsearch:")
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let search = try search(try run(folder).document)
        let trials = try #require(search["trials"] as? [[String: Any]])
        #expect(trials.count == 4)
        let fractions = Set(trials.compactMap { ($0["parameters"] as? [String: Any])?["sample.fraction"] as? Double })
        #expect(fractions == [0.5, 0.9])
        // Every trial scored: the sample and the bag size reached the graph.
        let objectives = trials.compactMap { $0["objective"] as? Double }
        #expect(objectives.count == 4 && Set(objectives).count == 4)
    }

    static let prunedPipeline = """
        mass: 1
        seed: 3
        data:
          ratings: {synthetic: {users: 300, items: 200, ratings: 12000}}
        split: {method: kfold, folds: 2, validation: 0.15}
        models:
          svd: {kind: mf, factors: 8, epochs: 20}
        search:
          method: random
          trials: 10
          parallel: 2
          prune: median
          warmup: 2
          startup: 3
          objective: rmse
          space:
            models.svd.lr: loguniform(0.0005, 0.05)
            models.svd.reg: loguniform(0.001, 0.5)
        evaluate: {metrics: [rmse]}
        report: {json: out/results.json}

        """

    @Test func theMedianRuleStopsHopelessTrialsAfterTheWarmUp() throws {
        let folder = try RunFixtures.folder(["p.yaml": Self.prunedPipeline])
        defer { try? FileManager.default.removeItem(at: folder) }
        let (_, document) = try run(folder)
        let trials = try #require(try search(document)["trials"] as? [[String: Any]])
        #expect(trials.count == 10)
        let pruned = trials.filter { ($0["status"] as? String)?.hasPrefix("pruned after epoch ") == true }
        #expect(!pruned.isEmpty, "some trials are worse than the median early on")
        #expect(pruned.allSatisfy { $0["objective"] == nil }, "a pruned trial has no objective")
        // The first batches finish: the rule needs three finished trials first.
        #expect(trials.prefix(4).allSatisfy { $0["status"] as? String == "ok" })
        let epochs = pruned.compactMap { ($0["status"] as? String)?.split(separator: " ")[3] }.compactMap { Int($0) }
        #expect(epochs.allSatisfy { $0 > 2 && $0 < 20 }, "never within the warm-up, never after the last epoch: \(epochs)")
        let best = try #require(try search(document)["best"] as? Int)
        #expect(trials[best - 1]["status"] as? String == "ok")
    }

    @Test func prunedSearchesGiveTheSameResultsWhateverTheJobs() throws {
        var documents: [Data] = []
        for jobs in ["1", "3"] {
            let folder = try RunFixtures.folder(["p.yaml": Self.prunedPipeline])
            defer { try? FileManager.default.removeItem(at: folder) }
            _ = try run(folder, ["--jobs", jobs])
            documents.append(try Data(contentsOf: folder.appendingPathComponent("out/results.json")))
        }
        #expect(documents[0] == documents[1])
    }

    @Test func pruningNeedsAModelThatTrainsInEpochs() throws {
        let folder = try RunFixtures.folder([
            "p.yaml": Self.prunedPipeline.replacingOccurrences(
                of: "svd: {kind: mf, factors: 8, epochs: 20}", with: "svd: {kind: knn}"
            )
            .replacingOccurrences(
                of: "models.svd.lr: loguniform(0.0005, 0.05)\n    models.svd.reg: loguniform(0.001, 0.5)",
                with: "models.svd.k: int(5, 40)")
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(outcome.status != 0)
        #expect(
            outcome.stderr.contains("'prune: median'") && outcome.stderr.contains("does not train in epochs"), "\(outcome.stderr)"
        )
    }
}
