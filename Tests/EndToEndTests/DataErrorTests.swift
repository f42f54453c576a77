import Foundation
import Testing

@Suite struct DataErrorTests {
    private let pipeline = """
        mass: 1
        data:
          ratings:
            path: r.csv
            columns: {user: user, item: item, rating: rating}
            scale: [1, 5]
        models:
          bias: {kind: baseline}

        """

    @Test func badRowNamesFileLineColumnAndDeclaredColumn() throws {
        let folder = try RunFixtures.folder([
            "p.yaml": pipeline,
            "r.csv": "user,item,rating\nu1,i1,4\nu1,i2,5\nu2,i1,3\nu2,i2,abc\nu3,i1,2\nu3,i2,nan\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(outcome.status == 1)
        #expect(
            outcome.stderr.contains(
                """
                  r.csv:5:7: field 3 (rating): "abc" is not a number; 1 more bad row
                  note: the 'rating' column of data source 'ratings' is declared at p.yaml:5:14
                  hint: fix the row, or add 'on_bad_rows: skip' to data source 'ratings' to skip bad rows
                """))
        let lock = (try? String(contentsOf: folder.appendingPathComponent("p.lock"), encoding: .utf8)) ?? ""
        #expect(!lock.contains("node \"load ratings\""), "a failed node leaves no record")
    }

    /// Ratings near the largest double overflow every sum: the evaluation says
    /// so, for which model and fold, rather than leaving a report that cannot be read.
    @Test(arguments: [[], ["--no-cache"]])
    func metricsThatAreNotFiniteNameTheModelAndFold(flags: [String]) throws {
        var rows = "user,item,rating\n"
        for user in 1...6 {
            for item in 1...5 { rows += "u\(user),i\(item),\((user + item).isMultiple(of: 2) ? "1e308" : "1.5e308")\n" }
        }
        let folder = try RunFixtures.folder([
            "p.yaml": """
            mass: 1
            data:
              ratings: {path: r.csv}
            split: {method: kfold, folds: 2}
            models:
              gm: {kind: global-mean}
              pop: {kind: popularity}
            evaluate: {metrics: [rmse, mae]}
            report: {json: out.json}

            """,
            "r.csv": rows,
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml", "--keep-going"] + flags, in: folder)
        #expect(outcome.status == 1)
        #expect(!outcome.stderr.contains("malformed"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("the metrics of model 'gm' on fold 1 are not finite"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("the metrics of model 'pop' on fold 1 are not finite"), "\(outcome.stderr)")
    }

    /// Each swapped pair of letters is one edit, as in the pipeline file's own hints.
    @Test func columnNameWithTransposedLettersIsSuggested() throws {
        let folder = try RunFixtures.folder([
            "p.yaml": pipeline.replacingOccurrences(
                of: "{user: user, item: item, rating: rating}",
                with: "{user: usre_di, item: item_id, rating: rating}"),
            "r.csv": "user_id,item_id,rating\nu1,i1,4\nu2,i1,3\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(outcome.status == 1)
        #expect(
            outcome.stderr.contains("the user column \"usre_di\" is not in the header; did you mean \"user_id\"?"),
            "\(outcome.stderr)")
    }

    @Test func skippedBadRowsLetTheRunFinish() throws {
        let folder = try RunFixtures.folder([
            "p.yaml": pipeline.replacingOccurrences(of: "scale: [1, 5]", with: "scale: [1, 5]\n    on_bad_rows: skip"),
            "r.csv":
                "user,item,rating\nu1,i1,4\nu1,i2,5\nu2,i1,3\nu2,i2,abc\nu3,i1,2\nu3,i2,4\nu4,i1,5\nu4,i2,1\nu5,i1,2\nu5,i2,3\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
    }

    @Test func missingDataFileIsReportedWhereItIsNamed() throws {
        let folder = try RunFixtures.folder(["p.yaml": pipeline])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(outcome.status == 1)
        #expect(
            outcome.stderr.hasPrefix(
                """
                p.yaml:4:11: error: data file 'r.csv' does not exist
                    path: r.csv
                          ^
                """))
        #expect(outcome.stderr.contains("hint: check the path, or add a stage whose 'outs' produce it"))
    }

    @Test func duplicateRatingsNeedAPolicy() throws {
        let folder = try RunFixtures.folder([
            "p.yaml": pipeline,
            "r.csv": "user,item,rating\nu1,i1,4\nu1,i2,5\nu1,i1,3\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("note: the same user and item first appear on line 2"))
        #expect(outcome.stderr.contains("hint: add 'duplicates: last' or 'duplicates: mean' to data source 'ratings'"))
    }
}

/// What `validate` accepts is what `run` runs: kinds without an implementation
/// are unknown names, refused at their position by both before anything runs.
@Suite struct RunnabilityTests {
    @Test(arguments: ["validate", "run"])
    func combineMethodWithoutImplementationIsAnUnknownName(command: String) throws {
        let folder = try RunFixtures.folder([
            "p.yaml": """
            mass: 1
            data:
              ratings: {synthetic: {users: 30, items: 20, ratings: 300}}
            models:
              a: {kind: baseline}
            combine: {method: blending}

            """
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run([command, "p.yaml"], in: folder)
        #expect(outcome.status == 64)
        #expect(
            outcome.stderr == """
                p.yaml:6:19: error: unknown combine method 'blending'
                combine: {method: blending}
                                  ^
                hint: known combine methods: average, weighted, bagging, boosting, stacking
                1 error generated.

                """)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(".mass").path), "nothing was written")
    }
}
