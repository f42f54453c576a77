import Foundation
import Testing

/// Runs of one pipeline never overlap: a second one is refused with the
/// first one's pid, or waits for it with --wait.
@Suite(.timeLimit(.minutes(2))) struct ConcurrentRunTests {
    /// `slow` says it started, then waits for a `go` file; each run of it is counted in runs.log.
    private let pipeline = """
        mass: 1
        stages:
          slow:
            run: echo run >> runs.log; echo > started; while [ ! -f go ]; do sleep 0.05; done; echo done > out.txt
            outs: [out.txt]

        """

    @Test func secondRunIsRefusedWithTheFirstOnesPid() throws {
        let folder = try RunFixtures.folder(["p.yaml": pipeline])
        defer { try? FileManager.default.removeItem(at: folder) }
        let started = try StageStarted(in: folder)
        let first = try BackgroundMass(["run", "p.yaml"], in: folder)
        started.wait()

        let second = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(second.status == 75)
        #expect(second.stderr.contains("another run of this pipeline is in progress (pid \(first.pid))"), "\(second.stderr)")
        #expect(second.stderr.contains("--wait"))

        _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("go").path, contents: nil)
        #expect(first.wait().status == 0)
        #expect(try String(contentsOf: folder.appendingPathComponent("runs.log"), encoding: .utf8) == "run\n")
    }

    @Test func waitQueuesBehindTheFirstAndFindsItsResults() throws {
        let folder = try RunFixtures.folder(["p.yaml": pipeline])
        defer { try? FileManager.default.removeItem(at: folder) }
        let started = try StageStarted(in: folder)
        let first = try BackgroundMass(["run", "p.yaml"], in: folder)
        started.wait()
        let second = try BackgroundMass(["run", "p.yaml", "--wait", "--json"], in: folder)
        #expect(second.waitForStderr(containing: "waiting for another run of this pipeline (pid \(first.pid)) to end"))

        _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("go").path, contents: nil)
        #expect(first.wait().status == 0)
        let queued = second.wait()
        #expect(queued.status == 0, "\(queued.stderr)")
        #expect(try RunFixtures.outcomes(queued.stdout) == ["stage slow": "cached"], "it planned after the first run ended")
        #expect(try String(contentsOf: folder.appendingPathComponent("runs.log"), encoding: .utf8) == "run\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("p.lock.run").path))
    }

    /// A process the command leaves behind could still write an output after it
    /// was hashed: it is ended when the command exits, before the outputs are stored.
    @Test func processesLeftBehindAreEndedBeforeOutputsAreHashed() throws {
        let folder = try RunFixtures.folder([
            "p.yaml": """
            mass: 1
            stages:
              s:
                run: (sh -c 'echo $$ > straggler.pid; sleep 600; echo late >> out.txt' &); while [ ! -s straggler.pid ]; do sleep 0.01; done; echo early > out.txt
                outs: [out.txt]

            """
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let pid = try #require(
            Int32(
                try String(contentsOf: folder.appendingPathComponent("straggler.pid"), encoding: .utf8).trimmingCharacters(
                    in: .whitespacesAndNewlines)))
        #expect(!ProcessState.isRunning(pid), "the straggler was ended when the stage's command exited")
        #expect(try String(contentsOf: folder.appendingPathComponent("out.txt"), encoding: .utf8) == "early\n")
        let status = try MassProcess.run(["status", "p.yaml"], in: folder)
        #expect(status.status == 0, "\(status.stdout)")
    }
}

/// Whether a process runs (a zombie does not: it can no longer write anything).
enum ProcessState {
    static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return true }
        let text = String(decoding: stat, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return true }
        let state = text[text.index(after: close)...].split(separator: " ").first
        return state != "Z" && state != "X"
    }
}
