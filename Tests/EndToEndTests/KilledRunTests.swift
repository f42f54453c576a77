import Foundation
import Testing

/// A run killed with SIGKILL takes its stage with it, and the next run does
/// not take what the stage had half written for a result.
@Suite(.timeLimit(.minutes(2))) struct KilledRunTests {
    /// Appends (so a partial file would show in the result), says it started, then
    /// waits for a `go` file that only the resumed run finds.
    private let pipeline = """
        mass: 1
        stages:
          s:
            run: 'echo partial >> out.txt; echo $$ > stage.pid; [ -f go ] || { echo > started; sleep 600; }; echo complete >> out.txt'
            outs: [out.txt]

        """

    @Test func stageDiesWithMassAndItsPartialOutputIsNotTaken() throws {
        let killed = try RunFixtures.folder(["p.yaml": pipeline])
        let clean = try RunFixtures.folder(["p.yaml": pipeline, "go": ""])
        defer {
            try? FileManager.default.removeItem(at: killed)
            try? FileManager.default.removeItem(at: clean)
        }
        let started = try StageStarted(in: killed)
        let mass = try BackgroundMass(["run", "p.yaml"], in: killed)
        started.wait()
        mass.signal(SIGKILL)
        #expect(mass.wait().killedBySignal)

        let pid = try #require(
            Int32(
                try String(contentsOf: killed.appendingPathComponent("stage.pid"), encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(ProcessState.waitUntilGone(pid), "the stage died with mass")
        #expect(try String(contentsOf: killed.appendingPathComponent("out.txt"), encoding: .utf8) == "partial\n")

        _ = FileManager.default.createFile(atPath: killed.appendingPathComponent("go").path, contents: nil)
        let resumed = try MassProcess.run(["run", "p.yaml", "--json"], in: killed)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try RunFixtures.outcomes(resumed.stdout)["stage s"] == "ran")
        #expect(try MassProcess.run(["run", "p.yaml"], in: clean).status == 0)
        #expect(
            try Data(contentsOf: killed.appendingPathComponent("out.txt"))
                == Data(contentsOf: clean.appendingPathComponent("out.txt")))
    }
}

extension ProcessState {
    /// Waits for process `pid` to stop running: true once it has, false if it
    /// still runs after a generous bound (then the test fails rather than hangs).
    static func waitUntilGone(_ pid: Int32) -> Bool {
        for _ in 0..<1000 {
            if !isRunning(pid) { return true }
            usleep(10_000)
        }
        return !isRunning(pid)
    }
}
