import Foundation
import Testing

/// Attribute tables in a pipeline: only the fits of models that read them
/// depend on them, a damaged table is refused with its line, and an
/// exported model with side features keeps them.
@Suite struct AttributeTableRunTests {
    /// 40 users, 30 items; users of group "a" like even items, group "b" odd ones.
    static let files: [String: String] = {
        var ratings = ["user,item,rating,time"]
        var row = 0
        for user in 0..<40 {
            for step in 0..<12 {
                let item = (user * 7 + step) % 30
                let rating = (user % 2 == 0) == (item % 2 == 0) ? 5 : 2
                ratings.append("u\(user),i\(item),\(rating),\(1_000_000 + row * 3_600)")
                row += 1
            }
        }
        let users = ["id,group,age"] + (0..<40).map { "u\($0),\($0 % 2 == 0 ? "a" : "b"),\(20 + $0)" }
        return [
            "ratings.csv": ratings.joined(separator: "\n") + "\n", "users.csv": users.joined(separator: "\n") + "\n",
            "p.yaml": pipeline(combine: ""),
        ]
    }()

    static func pipeline(combine: String) -> String {
        """
        mass: 1
        seed: 3
        data:
          ratings:
            path: ratings.csv
            columns: {user: user, item: item, rating: rating, time: time}
          users:
            path: users.csv
            id: id
            attributes: {group: group, age: {column: age, type: numeric}}
        split: {method: kfold, folds: 2}
        models:
          mf: {kind: mf, factors: 4, epochs: 5}
          fm: {kind: fm, factors: 4, epochs: 5, features: [users.group, users.age, context.weekday]}
        \(combine)
        evaluate: {metrics: [rmse]}

        """
    }

    private func run(_ folder: URL, _ arguments: [String] = []) throws -> [String: String] {
        let outcome = try MassProcess.run(["run", "p.yaml", "--json"] + arguments, in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return try RunFixtures.outcomes(outcome.stdout)
    }

    @Test func editingTheTableRefitsOnlyTheModelsThatReadIt() throws {
        let folder = try RunFixtures.folder(Self.files)
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try run(folder)
        #expect(first["load users"] == "ran" && first["fit fm @ fold 1"] == "ran")
        let table = folder.appendingPathComponent("users.csv")
        let edited = try String(contentsOf: table, encoding: .utf8).replacingOccurrences(of: "u3,b,23", with: "u3,a,23")
        try edited.write(to: table, atomically: true, encoding: .utf8)
        let ran = try run(folder).filter { $0.value == "ran" && $0.key.hasPrefix("fit ") }.keys.sorted()
        #expect(ran == ["fit fm @ fold 1", "fit fm @ fold 2"])
    }

    @Test func stackingMembersReadTheTableToo() throws {
        var files = Self.files
        files["p.yaml"] = Self.pipeline(combine: "combine: {method: stacking, cv: 2, meta: {kind: ridge}}")
        let folder = try RunFixtures.folder(files)
        defer { try? FileManager.default.removeItem(at: folder) }
        let nodes = try run(folder)
        #expect(nodes["fit fm [part 1 of 2] @ fold 1"] == "ran")
        let exported = try MassProcess.run(["export", "p.yaml", "-o", "model.mass"], in: folder)
        #expect(exported.status == 0, "\(exported.stderr)")
        let inspected = try MassProcess.run(["export", "--inspect", "model.mass"], in: folder)
        #expect(inspected.status == 0 && inspected.stdout.contains("fm"), "\(inspected.stdout)\(inspected.stderr)")
    }

    /// Members whose answer depends on time (timesvdpp, fm with context) read
    /// each pair's time from `mass predict`; a file gives times on every line or none.
    @Test func anExportedModelAnswersAtTheTimeAsked() throws {
        var files = Self.files
        files["p.yaml"] = Self.pipeline(combine: "combine: {method: average}").replacingOccurrences(
            of: "  mf: {kind: mf, factors: 4, epochs: 5}", with: "  mf: {kind: timesvdpp, factors: 4, epochs: 5, lr_time: 0.05}")
        files["pairs.csv"] = "user,item,time\nu0,i3,1000000\nu0,i3,1400000\nu0,i3,9000000\n"
        files["untimed.csv"] = "u0,i3\nu0,i3\n"
        files["mixed.csv"] = "u0,i3,1000000\nu0,i3\n"
        let folder = try RunFixtures.folder(files)
        defer { try? FileManager.default.removeItem(at: folder) }
        let exported = try MassProcess.run(["export", "p.yaml", "-o", "model.mass"], in: folder)
        #expect(exported.status == 0, "\(exported.stderr)")
        let timed = try MassProcess.run(["predict", "model.mass", "--pairs", "pairs.csv"], in: folder)
        #expect(timed.status == 0, "\(timed.stderr)")
        let values = timed.stdout.split(separator: "\n").compactMap { Double($0) }
        #expect(values.count == 3 && Set(values).count == 3, "\(timed.stdout)")
        let untimed = try MassProcess.run(["predict", "model.mass", "--pairs", "untimed.csv"], in: folder)
        #expect(untimed.status == 0 && untimed.stdout.split(separator: "\n").count == 2, "\(untimed.stderr)")
        let mixed = try MassProcess.run(["predict", "model.mass", "--pairs", "mixed.csv"], in: folder)
        #expect(mixed.status != 0 && mixed.stderr.contains("mixed.csv:2:1: error: this line has no time"), "\(mixed.stderr)")
    }

    @Test func aBadTableIsRefusedWithItsLine() throws {
        var files = Self.files
        files["users.csv"] = "id,group,age\nu0,a,20\nu1,b,twenty\n"
        let folder = try RunFixtures.folder(files)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(outcome.status != 0)
        #expect(
            outcome.stderr.contains("users.csv:3 (field 3): attribute 'age' is numeric, found \"twenty\""), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("data source 'users' is declared at p.yaml:"), "\(outcome.stderr)")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("users.csv"))
        let missing = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(missing.status != 0 && missing.stderr.contains("attribute file 'users.csv' does not exist"), "\(missing.stderr)")
    }
}
