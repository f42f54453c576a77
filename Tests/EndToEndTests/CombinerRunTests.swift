import Foundation
import Testing

/// Combiners as DAG nodes: what re-runs when a combiner changes, bagging
/// members cached one by one, reproducibility for any --jobs, and
/// out-of-fold predictions that never see their own rows.
@Suite struct CombinerRunTests {
    static func pipeline(
        _ combine: String, split: String = "{method: kfold, folds: 3, validation: 0.1}", extraModels: String = ""
    )
        -> String
    {
        """
        mass: 1
        seed: 5
        data:
          ratings: {synthetic: {users: 80, items: 50, ratings: 2000}}
        split: \(split)
        models:
          bias: {kind: baseline}
          svd: {kind: mf, factors: 4, epochs: 8, lr: 0.01}
        \(extraModels)
        combine: \(combine)
        evaluate: {metrics: [rmse]}
        report: {json: out/results.json}

        """
    }

    private func run(_ folder: URL, _ arguments: [String] = []) throws -> [String: String] {
        let outcome = try MassProcess.run(["run", "p.yaml", "--json"] + arguments, in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return try RunFixtures.outcomes(outcome.stdout)
    }

    private func write(_ text: String, to folder: URL) throws {
        try text.write(to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
    }

    @Test func changingOnlyTheCombinerRerunsOnlyCombinerNodes() throws {
        let folder = try RunFixtures.folder(["p.yaml": Self.pipeline("{method: stacking, meta: {kind: ridge, alpha: 1}}")])
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try run(folder)
        try write(Self.pipeline("{method: stacking, meta: {kind: ridge, alpha: 5}}"), to: folder)
        let ran = try run(folder).filter { $0.value == "ran" }.keys.sorted()
        let expected = (1...3).flatMap { ["combine @ fold \($0)", "evaluate combined @ fold \($0)"] } + ["report", "summarize"]
        #expect(ran == expected.sorted())
    }

    @Test func anEleventhBaggingMemberRunsOneFitPerFold() throws {
        let folder = try RunFixtures.folder(["p.yaml": Self.pipeline("{method: bagging, of: svd, members: 10, fraction: 0.8}")])
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try run(folder)
        #expect(first.keys.filter { $0.hasPrefix("fit svd [bag") }.count == 30)
        try write(Self.pipeline("{method: bagging, of: svd, members: 11, fraction: 0.8}"), to: folder)
        let ran = try run(folder).filter { $0.value == "ran" && $0.key.hasPrefix("fit ") }.keys.sorted()
        #expect(ran == (1...3).map { "fit svd [bag 11] @ fold \($0)" })
    }

    @Test(arguments: [
        "{method: bagging, of: svd, members: 4, fraction: 0.7}",
        "{method: boosting, of: [bias, svd], rounds: 3, patience: 1}",
        "{method: boosting, variant: adaboost-r2, of: svd, rounds: 3}",
        "{method: stacking, cv: 3, features: [user_support, item_support, time]}",
    ])
    func resultsAreTheSameBytesForAnyJobs(combine: String) throws {
        var documents: [Data] = []
        for jobs in ["1", "4"] {
            let folder = try RunFixtures.folder(["p.yaml": Self.pipeline(combine)])
            defer { try? FileManager.default.removeItem(at: folder) }
            _ = try run(folder, ["--jobs", jobs])
            documents.append(try Data(contentsOf: folder.appendingPathComponent("out/results.json")))
        }
        #expect(documents[0] == documents[1])
    }

    /// A spy member writes down every pair it is asked to predict that was in its own training file.
    @Test func outOfFoldPredictionsNeverSeeTheirOwnRows() throws {
        let spy = """
            awk -F'\\t' 'FNR == 1 { next } FILENAME == ARGV[1] { seen[$1 FS $2] = 1; next } \
            { if (($1 FS $2) in seen) print $1, $2 >> "leaks.txt"; print 3 }' {train} {predict} > {out}
            """
        let folder = try RunFixtures.folder([
            "p.yaml": Self.pipeline(
                "{method: stacking, cv: 3, refit: false}",
                extraModels: "  spy: {kind: command, run: \"\(spy.replacingOccurrences(of: "\"", with: "\\\""))\"}")
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcomes = try run(folder)
        #expect(outcomes.keys.contains("fit spy [part 3 of 3] @ fold 3"))
        let leaks = folder.appendingPathComponent("leaks.txt")
        let leaked = (try? String(contentsOf: leaks, encoding: .utf8)) ?? ""
        #expect(leaked.isEmpty, "pairs predicted by a fit that trained on them: \(leaked)")
    }

    @Test func timeVaryingWeightsAreInTheResults() throws {
        let folder = try RunFixtures.folder([
            "p.yaml": Self.pipeline(
                "{method: weighted, window: {rows: 40}, smoothing: 0.3}", split: "{method: temporal, validation: 0.3}")
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try run(folder)
        let results = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("out/results.json")))
        let combine = try #require((results as? [String: Any])?["combine"] as? [String: Any])
        let weights = try #require(combine["weights"] as? [[String: Any]])
        #expect(weights.count > 1, "one entry per window")
        for entry in weights {
            #expect(entry["from"] is Double && entry["to"] is Double)
            let values = try #require(entry["weights"] as? [String: Double])
            #expect(Set(values.keys) == ["bias", "svd"])
            #expect(abs(values.values.reduce(0, +) - 1) < 1e-9, "non-negative weights sum to one")
        }
    }
}
