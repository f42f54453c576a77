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
}
