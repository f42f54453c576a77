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

@Suite struct StageOutputLocationRunTests {
    /// `outer/inner/p.yaml` beside `outer/victimdir/`.
    @Test(arguments: ["../victimdir", "../victimdir/file.txt", "../inner", "p.yaml"])
    func outputOutsideOrAboveTheProjectIsRefusedAndNothingIsDeleted(out: String) throws {
        let outer = try MassProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: outer) }
        let inner = outer.appendingPathComponent("inner")
        let victim = outer.appendingPathComponent("victimdir")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: victim, withIntermediateDirectories: true)
        try "keep\n".write(to: victim.appendingPathComponent("file.txt"), atomically: true, encoding: .utf8)
        let pipeline = "mass: 1\nstages:\n  s: {run: \"echo x > ran.txt\", outs: [\(out)]}\n"
        try pipeline.write(to: inner.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)

        let validate = try MassProcess.run(["validate", "p.yaml"], in: inner)
        #expect(validate.status == 64)
        #expect(validate.stderr.contains("p.yaml:3:39: error: output '\(out)' of stage 's'"), "\(validate.stderr)")
        let run = try MassProcess.run(["run", "p.yaml"], in: inner)
        #expect(run.status == 64)
        #expect(try String(contentsOf: victim.appendingPathComponent("file.txt"), encoding: .utf8) == "keep\n")
        #expect(try String(contentsOf: inner.appendingPathComponent("p.yaml"), encoding: .utf8) == pipeline)
        #expect(!FileManager.default.fileExists(atPath: inner.appendingPathComponent("ran.txt").path))
    }
}
