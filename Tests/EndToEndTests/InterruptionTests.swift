import Foundation
import Testing

/// Ctrl-C and SIGTERM stop a run cleanly, with the exit codes shells use for them.
@Suite struct InterruptionTests {
    /// A stage that says it started, then waits far longer than any test.
    private let waiting = """
        mass: 1
        stages:
          quick: {run: "echo done > quick.txt", outs: [quick.txt]}
          slow: {run: "echo > started; sleep 600; echo late > slow.txt", deps: [quick.txt], outs: [slow.txt]}

        """

    @Test(arguments: [(SIGINT, 130), (SIGTERM, 143)] as [(Int32, Int32)])
    func signalStopsTheRunWithItsExitCode(signal: Int32, expected: Int32) throws {
        let folder = try RunFixtures.folder(["p.yaml": waiting])
        defer { try? FileManager.default.removeItem(at: folder) }
        let started = try StageStarted(in: folder)
        let mass = try BackgroundMass(["run", "p.yaml"], in: folder)
        started.wait()
        mass.signal(signal)
        let outcome = mass.wait()
        #expect(!outcome.killedBySignal, "mass exits by itself after a clean stop")
        #expect(outcome.status == expected, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("mass: interrupted; finished nodes are cached"))
        let again = try MassProcess.run(["plan", "p.yaml"], in: folder)
        #expect(again.stdout.contains("cached  stage quick"), "what finished stays cached")
    }

    /// A search's trials need the data a stage writes: stopped there, the run
    /// exits as any stopped run does (143 for SIGTERM, not Ctrl-C's 130).
    @Test(arguments: [(SIGINT, 130), (SIGTERM, 143)] as [(Int32, Int32)])
    func signalDuringASearchStopsWithItsExitCode(signal: Int32, expected: Int32) throws {
        let pipeline = """
            mass: 1
            seed: 3
            stages:
              data: {run: "echo > started; sleep 600", outs: [ratings.csv]}
            data:
              ratings: {path: ratings.csv, columns: {user: user, item: item, rating: rating}}
            split: {method: kfold, folds: 2, validation: 0.2}
            models:
              svd: {kind: mf, factors: 2, epochs: 2}
            search:
              method: random
              trials: 2
              objective: rmse
              space:
                models.svd.lr: loguniform(0.002, 0.05)

            """
        let folder = try RunFixtures.folder(["p.yaml": pipeline])
        defer { try? FileManager.default.removeItem(at: folder) }
        let started = try StageStarted(in: folder)
        let mass = try BackgroundMass(["run", "p.yaml"], in: folder)
        started.wait()
        mass.signal(signal)
        let outcome = mass.wait()
        #expect(!outcome.killedBySignal, "mass exits by itself after a clean stop")
        #expect(outcome.status == expected, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("mass: interrupted; finished trials are cached"), "\(outcome.stderr)")
    }
}
