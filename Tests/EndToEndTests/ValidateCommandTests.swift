import Foundation
import Testing

@Suite struct ValidateCommandTests {
    @Test func validFileExitsZeroAndSaysSo() throws {
        let outcome = try MassProcess.run(["validate", "pipelines/quickstart.yaml"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "pipelines/quickstart.yaml: valid\n")
        #expect(outcome.stderr == "")
    }

    @Test func invalidFileExits64WithCompilerStyleDiagnostics() throws {
        let folder = try MassProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        mass: 1
        data:
          ratings: {synthetic: {users: 50, items: 40, ratings: 500}}
        models:
          svd: {kind: mf, epocs: 20}
        evaluate:
          metrics: [rmse, ndcg@10]
          gates: {mae: {max: 1}}

        """.write(to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let outcome = try MassProcess.run(["validate", "bad.yaml"], in: folder)
        #expect(outcome.status == 64)
        #expect(outcome.stdout == "")
        #expect(
            outcome.stderr == """
                bad.yaml:5:19: error: unknown key 'epocs' in model 'svd'
                  svd: {kind: mf, epocs: 20}
                                  ^
                hint: did you mean 'epochs'?
                1 error generated.

                """)
    }

    @Test func jsonListsEveryDiagnosticWithItsPosition() throws {
        let folder = try MassProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        mass: 1
        data:
          ratings: {synthetic: {users: 50, items: 40, ratings: 500}}
        models:
          svd: {kind: mf}
        evaluate:
          metrics: [rmse]
          gates: {mae: {max: 1}}

        """.write(to: folder.appendingPathComponent("gate.yaml"), atomically: true, encoding: .utf8)
        let outcome = try MassProcess.run(["validate", "--json", "gate.yaml"], in: folder)
        #expect(outcome.status == 64)
        #expect(outcome.stderr == "")
        let records = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]])
        #expect(records.count == 1)
        let record = try #require(records.first)
        #expect(record["file"] as? String == "gate.yaml")
        #expect(record["line"] as? Int == 8)
        #expect(record["column"] as? Int == 11)
        #expect(record["severity"] as? String == "error")
        #expect(record["code"] as? String == "unknown-metric")
        #expect(record["message"] as? String == "gate on 'mae', which 'evaluate.metrics' does not compute")
        #expect((record["hints"] as? [String])?.last == "add 'mae' to 'evaluate.metrics' (now: rmse)")
    }

    @Test func warningsFailOnlyWhenStrict() throws {
        let folder = try MassProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "mass: 1\nparams: {unused: 3}\nstages:\n  hello: {run: echo hi}\n"
            .write(to: folder.appendingPathComponent("warn.yaml"), atomically: true, encoding: .utf8)
        let relaxed = try MassProcess.run(["validate", "warn.yaml"], in: folder)
        #expect(relaxed.status == 0)
        #expect(relaxed.stderr.contains("warn.yaml:2:10: warning: parameter 'unused' is never used"))
        let strict = try MassProcess.run(["validate", "--strict", "warn.yaml"], in: folder)
        #expect(strict.status == 64)
    }

    @Test func overrideOfUnknownParamNamesTheFlag() throws {
        let outcome = try MassProcess.run(["validate", "pipelines/quickstart.yaml", "-p", "factorz=8"])
        #expect(outcome.status == 64)
        #expect(
            outcome.stderr.hasPrefix("-p factorz=8: error: no parameter 'factorz' in 'params'\nhint: did you mean 'factors'?"))
    }

    @Test func schemaCommandPrintsTheCommittedSchema() throws {
        let outcome = try MassProcess.run(["schema"])
        #expect(outcome.status == 0)
        let committed = try String(
            contentsOf: MassProcess.repositoryRoot.appendingPathComponent("grammar/pipeline.schema.json"), encoding: .utf8)
        #expect(outcome.stdout == committed)
    }

    @Test func helpListsTheCommands() throws {
        let outcome = try MassProcess.run(["--help"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("validate"))
        #expect(outcome.stdout.contains("schema"))
    }

    @Test func severalFilesReportOverrideMistakesOnceAndKeepTheirOrder() throws {
        let folder = try MassProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipeline = """
            mass: 1
            params: {factors: 8}
            data:
              ratings: {synthetic: {users: 50, items: 40, ratings: 500}}
            models:
              svd: {kind: mf, factors: "${params.factors}", epocs: 20}

            """
        try pipeline.write(to: folder.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        try pipeline.write(to: folder.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        let outcome = try MassProcess.run(["validate", "b.yaml", "a.yaml", "-p", "novalue", "-p", "factorz=3"], in: folder)
        #expect(outcome.status == 64)
        let lines = outcome.stderr.split(separator: "\n").map(String.init)
        let errors = lines.filter { $0.contains(": error: ") }
        #expect(
            errors == [
                "-p novalue: error: expected NAME=VALUE",
                "-p factorz=3: error: no parameter 'factorz' in 'params' of b.yaml",
                "b.yaml:6:49: error: unknown key 'epocs' in model 'svd'",
                "-p factorz=3: error: no parameter 'factorz' in 'params' of a.yaml",
                "a.yaml:6:49: error: unknown key 'epocs' in model 'svd'",
            ])
        #expect(lines.last == "5 errors generated.")
    }

    @Test func unreadableParamsFileNamesItsFlagOnce() throws {
        let outcome = try MassProcess.run(["validate", "pipelines/quickstart.yaml", "--params", "no-such-file.yaml"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.hasPrefix("--params no-such-file.yaml: error: no such file\n"))
    }
}
