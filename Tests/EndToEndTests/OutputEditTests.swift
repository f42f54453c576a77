import Foundation
import Testing

/// A hand edit to a declared output is never silently replaced by the cached
/// copy: status and plan name it, and run runs the stage again.
@Suite struct OutputEditTests {
    private let pipeline = """
        mass: 1
        stages:
          make: {run: "echo made >> runs.log; echo 1,2 > data.csv", outs: [data.csv]}
          use: {run: "cat data.csv > copy.csv", deps: [data.csv], outs: [copy.csv]}

        """

    @Test func editedOutputIsReportedAndItsStageRunsAgain() throws {
        let folder = try RunFixtures.folder(["p.yaml": pipeline])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try MassProcess.run(["run", "p.yaml"], in: folder).status == 0)
        try "1,2\n3,4\n".write(to: folder.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)

        let status = try MassProcess.run(["status", "p.yaml"], in: folder)
        #expect(status.status == 1)
        #expect(status.stdout.contains("stage make: output modified: data.csv"), "\(status.stdout)")
        let plan = try MassProcess.run(["plan", "p.yaml"], in: folder)
        #expect(plan.stdout.contains("run     stage make  (output modified: data.csv)"), "\(plan.stdout)")

        let run = try MassProcess.run(["run", "p.yaml", "--json"], in: folder)
        #expect(run.status == 0)
        #expect(try RunFixtures.outcomes(run.stdout)["stage make"] == "ran")
        #expect(try String(contentsOf: folder.appendingPathComponent("runs.log"), encoding: .utf8) == "made\nmade\n")
        #expect(try String(contentsOf: folder.appendingPathComponent("data.csv"), encoding: .utf8) == "1,2\n")
        #expect(try MassProcess.run(["status", "p.yaml"], in: folder).status == 0)
    }

    /// A deleted output is not an edit: it comes back from the cache without running.
    @Test func deletedOutputIsRestoredWithoutRunning() throws {
        let folder = try RunFixtures.folder(["p.yaml": pipeline])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try MassProcess.run(["run", "p.yaml"], in: folder).status == 0)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("data.csv"))
        #expect(try MassProcess.run(["status", "p.yaml"], in: folder).status == 0)
        let run = try MassProcess.run(["run", "p.yaml", "--json"], in: folder)
        #expect(try RunFixtures.outcomes(run.stdout).values.allSatisfy { $0 == "cached" })
        #expect(try String(contentsOf: folder.appendingPathComponent("data.csv"), encoding: .utf8) == "1,2\n")
    }
}

@Suite struct EarlyCutOffRunTests {
    @Test func commentOnlyEditKeepsWhatFollowsAndVerboseSaysSo() throws {
        let folder = try RunFixtures.folder([
            "p.yaml": """
            mass: 1
            stages:
              gen: {run: sh gen.sh > a.txt, deps: [gen.sh], outs: [a.txt]}
              use: {run: "echo ran >> runs.log; cat a.txt > b.txt", deps: [a.txt], outs: [b.txt]}

            """,
            "gen.sh": "echo 1\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try MassProcess.run(["run", "p.yaml"], in: folder).status == 0)
        try "# a comment\necho 1\n".write(to: folder.appendingPathComponent("gen.sh"), atomically: true, encoding: .utf8)
        let run = try MassProcess.run(["run", "p.yaml", "--verbose"], in: folder)
        #expect(run.status == 0)
        #expect(run.stderr.contains("stage gen — "), "\(run.stderr)")
        #expect(run.stderr.contains("(gen.sh changed; output unchanged: dependants kept)"), "\(run.stderr)")
        #expect(run.stderr.contains("stage use — cached"), "\(run.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("runs.log"), encoding: .utf8) == "ran\n")
        #expect(try MassProcess.run(["status", "p.yaml"], in: folder).status == 0)
    }
}
