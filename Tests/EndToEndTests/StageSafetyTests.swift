import Foundation
import Testing

/// What a pipeline file can make a stage do outside its own work: values
/// spliced into commands, and the files it declares as outputs.
@Suite struct StageSafetyTests {
    @Test func environmentVariableCannotChangeTheCommandOrReachTheLockFile() throws {
        let folder = try RunFixtures.folder([
            "p.yaml": "mass: 1\nstages:\n  greet: {run: \"echo ${env.X} > out.txt\", outs: [out.txt]}\n"
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder, environment: ["X": "hello; touch PWNED"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("p.yaml:3:22: error: ${env.X} cannot be spliced into a shell command"))
        #expect(outcome.stderr.contains("hint: write $X in the command instead"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("PWNED").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("p.lock").path))
    }

    /// The way the hint gives: the command reads $X itself. The value stays out of the lock file.
    @Test func commandReadsTheVariableItself() throws {
        let folder = try RunFixtures.folder([
            "p.yaml": "mass: 1\nstages:\n  greet: {run: 'echo \"$X\" > out.txt', outs: [out.txt]}\n"
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder, environment: ["X": "hello; touch PWNED"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("out.txt"), encoding: .utf8) == "hello; touch PWNED\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("PWNED").path))
        let lock = try String(contentsOf: folder.appendingPathComponent("p.lock"), encoding: .utf8)
        #expect(!lock.contains("hello"))
        #expect(lock.contains(#"config run = "echo \"$X\" > out.txt""#))
    }

    @Test func parameterFromTheCommandLineIsOneWord() throws {
        let folder = try RunFixtures.folder([
            "p.yaml":
                "mass: 1\nparams: {v: x}\nstages:\n  s: {run: \"echo ${params.v} > out.txt\", outs: [out.txt], params: [v]}\n"
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml", "-p", "v=1; touch PWNED"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("out.txt"), encoding: .utf8) == "1; touch PWNED\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("PWNED").path))
    }
}
