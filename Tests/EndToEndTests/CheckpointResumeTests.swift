import Foundation
import Testing

/// A long fit killed mid-way resumes from its checkpoint on the next run and
/// ends with the same results as a run that was never killed.
@Suite struct CheckpointResumeTests {
    static let pipeline = """
        mass: 1
        seed: 11
        data:
          ratings: {synthetic: {users: 600, items: 400, ratings: 30000}}
        split: {method: holdout, test: 0.2}
        models:
          svd: {kind: mf, factors: 24, epochs: 1500, lr: 0.002}
        evaluate: {metrics: [rmse, mae]}
        report: {json: out/results.json}

        """

    @Test func aKilledFitResumesMidFitToTheSameResults() throws {
        let reference = try RunFixtures.folder(["p.yaml": Self.pipeline])
        defer { try? FileManager.default.removeItem(at: reference) }
        let clean = try MassProcess.run(["run", "p.yaml"], in: reference)
        #expect(clean.status == 0, "\(clean.stderr)")

        let folder = try RunFixtures.folder(["p.yaml": Self.pipeline])
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoints = folder.appendingPathComponent(".mass/state/checkpoints")
        let run = try BackgroundMass(["run", "p.yaml"], in: folder, environment: ["MASS_CHECKPOINT_AFTER": "0"])
        // The event: the fit has written a checkpoint (after its first epochs); then it is killed.
        var written = false
        for _ in 0..<6000 where !written {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: checkpoints.path)) ?? []
            written = names.contains { $0.hasSuffix(".ckpt") }
            if !written { usleep(5000) }
        }
        #expect(written, "a checkpoint appeared")
        run.signal(SIGKILL)
        let killed = run.wait()
        #expect(killed.killedBySignal, "killed mid-fit, not finished: \(killed.stderr)")

        let resumed = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let logs = folder.appendingPathComponent(".mass/logs")
        let log = try FileManager.default.subpathsOfDirectory(atPath: logs.path).first { $0.hasSuffix("checkpoint.log") }
        let note = try log.map { try String(contentsOf: logs.appendingPathComponent($0), encoding: .utf8) }
        #expect(note?.contains("resumed from the checkpoint after epoch") == true, "the fit resumed mid-way")
        #expect(
            try Data(contentsOf: folder.appendingPathComponent("out/results.json"))
                == Data(contentsOf: reference.appendingPathComponent("out/results.json")),
            "the same results as the run that was never killed")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: checkpoints.path)) ?? []
        #expect(left.filter { $0.hasSuffix(".ckpt") }.isEmpty, "the checkpoint is removed once the result is stored")
    }
}
