import Foundation
import Testing

/// Sources of several files: each partition a node with its own content
/// hash, and prequential steps that read only the partitions they need.
@Suite struct PartitionedDataTests {
    /// `count` ratings of partition `index`, with times after every earlier partition's.
    static func partition(_ index: Int, count: Int = 600, users: Int = 150, items: Int = 100) -> String {
        var lines = ["user,item,rating,time"]
        var seen = Set<String>()
        var state = UInt64(index * 7919 + 17)
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        while lines.count <= count {
            let user = next(users), item = next(items)
            guard seen.insert("\(user) \(item)").inserted else { continue }
            // Ratings that depend on the pair, so that models have something to learn.
            let rating = 1 + (user % 5 + item % 3 + next(2)) % 5
            lines.append("u\(user),i\(item),\(rating),\(index * 100_000 + lines.count)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func pipeline(split: String, path: String = "data/*.csv") -> String {
        """
        mass: 1
        seed: 5
        data:
          ratings:
            path: "\(path)"
            columns: {user: user, item: item, rating: rating, time: time}
            duplicates: last
        split: \(split)
        models:
          bias: {kind: baseline}
          svd: {kind: mf, factors: 4, epochs: 6}
        evaluate: {metrics: [rmse]}

        """
    }

    private func run(_ folder: URL) throws -> (outcomes: [String: String], document: [String: Any]) {
        let outcome = try MassProcess.run(["run", "p.yaml", "--json"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        return (try RunFixtures.outcomes(outcome.stdout), document)
    }

    @Test func aGlobReadsEachFileAsAPartitionAndAnAppendedOneIsReadAlone() throws {
        let folder = try RunFixtures.folder([
            "p.yaml": Self.pipeline(split: "{method: kfold, folds: 2}"),
            "data/2024-01.csv": Self.partition(1), "data/2024-02.csv": Self.partition(2),
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try run(folder)
        #expect(first.outcomes["load ratings [part 1]"] == "ran" && first.outcomes["load ratings [part 2]"] == "ran")
        try Self.partition(3).write(to: folder.appendingPathComponent("data/2024-03.csv"), atomically: true, encoding: .utf8)
        let second = try run(folder)
        #expect(second.outcomes["load ratings [part 1]"] == "cached")
        #expect(second.outcomes["load ratings [part 2]"] == "cached")
        #expect(second.outcomes["load ratings [part 3]"] == "ran")
        #expect(second.outcomes["load ratings"] == "ran", "the joined source holds the new ratings")
        let predictions = { (document: [String: Any]) -> Int? in
            ((document["results"] as? [String: Any])?["models"] as? [[String: Any]])?.first?["predictions"] as? Int
        }
        // Pairs rated again in a later file keep the later rating (duplicates: last).
        let before = try #require(predictions(first.document)), after = try #require(predictions(second.document))
        #expect(before > 1000 && before <= 1200 && after > before + 400 && after <= 1800, "\(before) then \(after)")
    }

    @Test func aGlobThatMatchesNothingIsAnErrorAtItsPath() throws {
        let folder = try RunFixtures.folder(["p.yaml": Self.pipeline(split: "{method: kfold, folds: 2}")])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(outcome.status != 0)
        #expect(
            outcome.stderr.contains("p.yaml:5:11: error: no file matches 'data/*.csv' of data source 'ratings'"),
            "\(outcome.stderr)")
    }

    @Test func prequentialScoresEachPartitionWithTheModelOfThoseBefore() throws {
        let folder = try RunFixtures.folder([
            "p.yaml": Self.pipeline(split: "{method: prequential}"),
            "data/2024-01.csv": Self.partition(1), "data/2024-02.csv": Self.partition(2),
            "data/2024-03.csv": Self.partition(3),
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try run(folder)
        let models = try #require((first.document["results"] as? [String: Any])?["models"] as? [[String: Any]])
        let folds = try #require(((models[0]["metrics"] as? [String: Any])?["rmse"] as? [String: Any])?["folds"] as? [Double])
        #expect(folds.count == 2, "one step per partition after the first")
        #expect(models[0]["predictions"] as? Int == 1200, "partitions 2 and 3 are scored")
        let partitions = (first.document["results"] as? [String: Any])?["steps"] as? [String]
        #expect(partitions == ["data/2024-02.csv", "data/2024-03.csv"])

        // A new partition adds one step: the earlier steps' nodes stay cached.
        try Self.partition(4).write(to: folder.appendingPathComponent("data/2024-04.csv"), atomically: true, encoding: .utf8)
        let second = try run(folder)
        let ran = Set(second.outcomes.filter { $0.value == "ran" }.keys)
        #expect(
            ran == [
                "load ratings [part 4]", "window @ fold 3", "split @ fold 3", "fit bias @ fold 3", "fit svd @ fold 3",
                "evaluate bias @ fold 3", "evaluate svd @ fold 3", "summarize",
            ], "\(ran.sorted())")
        let after = try #require((second.document["results"] as? [String: Any])?["models"] as? [[String: Any]])
        let steps = try #require(((after[0]["metrics"] as? [String: Any])?["rmse"] as? [String: Any])?["folds"] as? [Double])
        #expect(Array(steps.prefix(2)) == folds, "earlier steps keep their scores")
    }

    /// With a replay of so many rows, and with a replay of a share of every row seen.
    @Test(arguments: ["300", "100%"])
    func anIncrementalModelUpdatesThePreviousStepsModelWithEachPartition(replay: String) throws {
        let pipeline = Self.pipeline(split: "{method: prequential}").replacingOccurrences(
            of: "  svd: {kind: mf, factors: 4, epochs: 6}",
            with:
                "  svd: {kind: mf, factors: 4, epochs: 6}\n  inc: {kind: mf, factors: 4, epochs: 6, incremental: {epochs: 3, replay: \(replay)}}"
        )
        let folder = try RunFixtures.folder([
            "p.yaml": pipeline, "data/2024-01.csv": Self.partition(1), "data/2024-02.csv": Self.partition(2),
            "data/2024-03.csv": Self.partition(3),
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let dag = try MassProcess.run(["dag", "p.yaml"], in: folder)
        #expect(dag.stdout.contains("fit inc @ fold 2  <- window @ fold 2, split @ fold 2, fit inc @ fold 1"), "\(dag.stdout)")
        let first = try run(folder)
        let models = try #require((first.document["results"] as? [String: Any])?["models"] as? [[String: Any]])
        func rmse(_ name: String) -> [Double] {
            let model = models.first { $0["name"] as? String == name }
            return ((model?["metrics"] as? [String: Any])?["rmse"] as? [String: Any])?["folds"] as? [Double] ?? []
        }
        // The update learns from the new partition: close to a fit on everything before.
        #expect(rmse("inc").count == 2)
        for (updated, refit) in zip(rmse("inc"), rmse("svd")) { #expect(abs(updated - refit) < 0.1, "\(updated) vs \(refit)") }

        // A new partition: one update for the incremental model, reading the previous step's model from the cache.
        try Self.partition(4).write(to: folder.appendingPathComponent("data/2024-04.csv"), atomically: true, encoding: .utf8)
        let second = try run(folder)
        #expect(second.outcomes["fit inc @ fold 3"] == "ran")
        #expect(second.outcomes["fit inc @ fold 2"] == "cached" && second.outcomes["fit inc @ fold 1"] == "cached")
    }

    /// A command stage deals arriving ratings into partition files; adding a
    /// partition runs the stage again, but the partitions it rewrote unchanged
    /// stop there (their loads hash as before), so only the new step trains.
    @Test func aSourceFedByACommandStageThatAppendsAPartition() throws {
        let cut = """
            n=0
            for out in "$@"; do
              { head -1 incoming.csv; tail -n +2 incoming.csv | sed -n "$((n * 600 + 1)),$(((n + 1) * 600))p"; } > "$out"
              n=$((n + 1))
            done

            """
        let incoming = (1...4).map { Self.partition($0) }.enumerated()
            .map { index, text in index == 0 ? text : text.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n" }
            .joined()
        func pipeline(_ parts: Int) -> String {
            let files = (1...parts).map { "data/p\($0).csv" }
            return """
                mass: 1
                seed: 5
                stages:
                  arrive:
                    run: sh cut.sh \(files.joined(separator: " "))
                    deps: [cut.sh, incoming.csv]
                    outs: [\(files.joined(separator: ", "))]
                data:
                  ratings:
                    partitions: [\(files.joined(separator: ", "))]
                    columns: {user: user, item: item, rating: rating, time: time}
                    duplicates: last
                split: {method: prequential}
                models:
                  bias: {kind: baseline}
                  inc: {kind: mf, factors: 4, epochs: 4, incremental: {epochs: 2, replay: 200}}
                evaluate: {metrics: [rmse]}

                """
        }
        let folder = try RunFixtures.folder([
            "p.yaml": pipeline(3), "cut.sh": cut, "incoming.csv": incoming, "data/.keep": "",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try run(folder)
        #expect(first.outcomes["stage arrive"] == "ran" && first.outcomes["fit inc @ fold 2"] == "ran")

        try pipeline(4).write(to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let second = try run(folder)
        let ran = Set(second.outcomes.filter { $0.value == "ran" }.keys)
        // The stage and the loads of the files it wrote run; of the steps, only the new one.
        #expect(
            ran == [
                "stage arrive", "load ratings [part 1]", "load ratings [part 2]", "load ratings [part 3]",
                "load ratings [part 4]", "window @ fold 3", "split @ fold 3", "fit bias @ fold 3", "fit inc @ fold 3",
                "evaluate bias @ fold 3", "evaluate inc @ fold 3", "summarize",
            ], "\(ran.sorted())")
        #expect(second.outcomes["fit inc @ fold 2"] == "cached", "the new step updates the cached model of the step before")
    }

    @Test func incrementalNeedsAStepwiseSplit() throws {
        let pipeline = Self.pipeline(split: "{method: kfold, folds: 2}").replacingOccurrences(
            of: "  svd: {kind: mf, factors: 4, epochs: 6}", with: "  svd: {kind: mf, factors: 4, epochs: 6, incremental: true}")
        let folder = try RunFixtures.folder(["p.yaml": pipeline, "data/2024-01.csv": Self.partition(1)])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["validate", "p.yaml"], in: folder)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("error: model 'svd' learns incrementally, but the split does not go step by step"))
    }
}
