import Foundation
import Testing

/// `mass export`, `predict` and `recommend` as a user runs them: every
/// combine method exports a file that reproduces the pipeline's own final
/// combination (the export checks it before writing), the final fit is
/// cached like any node, and bad files and paths get clear errors.
@Suite struct ExportCommandTests {
    static let ratings: String = {
        // 30 users × 20 items, each user rating 12 items, with times.
        var lines = ["user,item,rating,time"]
        for user in 0..<30 {
            for step in 0..<12 {
                let item = (user * 7 + step * 3) % 20
                let rating = 1 + (user + item * 2 + step) % 5
                lines.append("u\(user),i\(item),\(rating),\(1000 + user * 12 + step)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    static func pipeline(_ combine: String?, models: String? = nil, svdEpochs: Int = 6) -> String {
        """
        mass: 1
        name: exported
        seed: 3
        data:
          ratings: {path: ratings.csv, columns: {user: user, item: item, rating: rating, time: time}}
        split: {method: kfold, folds: 3, validation: 0.2}
        models:
        \(models ?? "  bias: {kind: baseline}\n  svd: {kind: mf, factors: 3, epochs: \(svdEpochs), lr: 0.01}")
        \(combine.map { "combine: \($0)" } ?? "")
        evaluate: {metrics: [rmse]}

        """
    }

    private func folder(_ pipeline: String) throws -> URL {
        try RunFixtures.folder(["p.yaml": pipeline, "ratings.csv": Self.ratings])
    }

    /// The `run.nodes` of `mass export --json` as id → outcome.
    private func export(_ folder: URL, to file: String = "model.mass") throws -> [String: String] {
        let outcome = try MassProcess.run(["export", "p.yaml", "-o", file, "--json"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        struct Document: Decodable {
            struct Run: Decodable { var nodes: [Node] }
            struct Node: Decodable {
                var id: String
                var outcome: String
            }
            var run: Run
        }
        let document = try JSONDecoder().decode(Document.self, from: Data(outcome.stdout.utf8))
        return Dictionary(uniqueKeysWithValues: document.run.nodes.map { ($0.id, $0.outcome) })
    }

    @Test(arguments: [
        "{method: average}",
        "{method: weighted}",
        "{method: weighted, weights: {bias: 1, svd: 3}}",
        "{method: weighted, window: {rows: 10}}",
        "{method: bagging, of: svd, members: 3, fraction: 0.8}",
        "{method: boosting, of: [bias, svd], rounds: 3}",
        "{method: boosting, variant: adaboost-r2, of: svd, rounds: 3}",
        "{method: stacking}",
        "{method: stacking, cv: 3, refit: false}",
        "{method: stacking, cv: 2, features: [user_support, item_support, time]}",
    ])
    func everyCombineMethodExportsAFileThatAnswers(combine: String) throws {
        let folder = try folder(Self.pipeline(combine))
        defer { try? FileManager.default.removeItem(at: folder) }
        let nodes = try export(folder)
        #expect(nodes["export"] == "ran")
        #expect(nodes["split @ final"] == "ran")
        try "user,item\nu1,i3\nu2,i5\nnobody,i3\n".write(
            to: folder.appendingPathComponent("pairs.csv"), atomically: true, encoding: .utf8)
        let predicted = try MassProcess.run(["predict", "model.mass", "--pairs", "pairs.csv"], in: folder)
        #expect(predicted.status == 0, "\(predicted.stderr)")
        let values = predicted.stdout.split(separator: "\n").compactMap { Double($0) }
        #expect(values.count == 3 && values.allSatisfy { (1...5).contains($0) })
        #expect(predicted.stderr.contains("1 of 3 pairs had a user or an item the model never saw"))
    }

    @Test func exportingTwiceCostsNothingAndAChangedMemberRetrainsOnlyItself() throws {
        let folder = try folder(Self.pipeline("{method: stacking}"))
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try export(folder)
        let first = try Data(contentsOf: folder.appendingPathComponent("model.mass"))
        let again = try export(folder)
        #expect(again.values.allSatisfy { $0 == "cached" }, "\(again.filter { $0.value != "cached" })")
        #expect(try Data(contentsOf: folder.appendingPathComponent("model.mass")) == first)

        try Self.pipeline("{method: stacking}", svdEpochs: 7).write(
            to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let changed = try export(folder)
        #expect(changed["fit svd @ final"] == "ran")
        #expect(changed["fit bias @ final"] == "cached")
        #expect(changed["split @ final"] == "cached")
        #expect(changed["export"] == "ran")
    }

    @Test func recommendationsLeaveOutRatedItemsAndComeBestFirst() throws {
        let folder = try folder(Self.pipeline("{method: average}"))
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try export(folder)
        let outcome = try MassProcess.run(["recommend", "model.mass", "--user", "u4", "-n", "5", "--json"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        struct List: Decodable {
            struct Item: Decodable {
                var item: String
                var score: Double
            }
            var user: String
            var known: Bool
            var items: [Item]
        }
        let lists = try JSONDecoder().decode([List].self, from: Data(outcome.stdout.utf8))
        let list = try #require(lists.first)
        let rated = Set((0..<12).map { "i\((4 * 7 + $0 * 3) % 20)" })
        #expect(list.known && list.items.count == 5)
        #expect(list.items.allSatisfy { !rated.contains($0.item) })
        #expect(zip(list.items, list.items.dropFirst()).allSatisfy { $0.score >= $1.score })

        try "u1\nu2\nstranger\n".write(to: folder.appendingPathComponent("users.txt"), atomically: true, encoding: .utf8)
        let batch = try MassProcess.run(["recommend", "model.mass", "--users", "users.txt", "-n", "3"], in: folder)
        #expect(batch.status == 0, "\(batch.stderr)")
        let rows = batch.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(
            rows.count == 9 && rows.map { $0[0] } == ["u1", "u1", "u1", "u2", "u2", "u2", "stranger", "stranger", "stranger"])
        #expect(batch.stderr.contains("1 of 3 users are unknown"))
    }

    @Test func inspectSaysWhatTheFileHolds() throws {
        let folder = try folder(Self.pipeline("{method: stacking}"))
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try export(folder)
        let outcome = try MassProcess.run(["export", "--inspect", "model.mass"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("model file of pipeline 'exported' (format version 2)"))
        #expect(outcome.stdout.contains("members:   bias (baseline); svd (mf)"))
        #expect(outcome.stdout.contains("combiner:  stacking"))
        #expect(outcome.stdout.contains("30 users, 20 items, 360 ratings"))
        #expect(outcome.stdout.contains("validated: combined: rmse "))
    }

    @Test func damagedTruncatedAndForeignFilesAreRefusedWithAReason() throws {
        let folder = try folder(Self.pipeline(nil, models: "  svd: {kind: mf, factors: 3, epochs: 4}"))
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try export(folder)
        let good = try Data(contentsOf: folder.appendingPathComponent("model.mass"))
        var flipped = good
        flipped[flipped.count / 2] ^= 0x20
        var otherVersion = good
        otherVersion[8] = 9
        let cases: [(String, Data, String)] = [
            ("flipped.mass", flipped, "the checksum does not match"),
            ("short.mass", good.prefix(good.count - 40), "the payload has"),
            ("version.mass", otherVersion, "format version 9; this build reads versions 1 to 2"),
            ("foreign.mass", Data("user,item\n".utf8), "not an exported mass model"),
        ]
        for (name, bytes, message) in cases {
            try bytes.write(to: folder.appendingPathComponent(name))
            let outcome = try MassProcess.run(["recommend", name, "--user", "u1"], in: folder)
            #expect(outcome.status == 1 && outcome.stderr.contains(message), "\(name): \(outcome.stderr)")
            #expect(!outcome.stderr.contains("Fatal error"))
        }
    }

    @Test func anExportNeverOverwritesAFileItDidNotWrite() throws {
        let folder = try folder(Self.pipeline("{method: average}"))
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["export", "p.yaml", "-o", "ratings.csv"], in: folder)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("ratings.csv exists and is not a mass model file"))
        #expect(try String(contentsOf: folder.appendingPathComponent("ratings.csv"), encoding: .utf8) == Self.ratings)
    }

    @Test func severalModelsWithoutACombinerCannotBeExported() throws {
        let folder = try folder(Self.pipeline(nil))
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["export", "p.yaml", "-o", "model.mass"], in: folder)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("no 'combine' section"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("model.mass").path))
    }
}
