import Foundation
import Testing

@Suite struct StageRunTests {
    private let failing = """
        mass: 1
        stages:
          broken: {run: "echo oops >&2; exit 3", outs: [broken.txt]}
          after: {run: "cat broken.txt > after.txt", deps: [broken.txt], outs: [after.txt]}
          independent: {run: "sleep 0.3; echo ok > independent.txt", outs: [independent.txt]}

        """

    @Test func failingStageStopsWithoutKeepGoing() throws {
        let folder = try RunFixtures.folder(["p.yaml": failing])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml", "--jobs", "1", "--json"], in: folder)
        #expect(outcome.status == 1)
        let outcomes = try RunFixtures.outcomes(outcome.stdout)
        #expect(outcomes["stage broken"] == "failed")
        #expect(outcomes["stage after"] == "skipped")
        #expect(outcomes["stage independent"] == "not-started")
        #expect(outcome.stderr.contains("command failed with exit status 3: echo oops >&2; exit 3"))
        #expect(outcome.stderr.contains("| oops"))
    }

    @Test func keepGoingRunsEverythingIndependent() throws {
        let folder = try RunFixtures.folder(["p.yaml": failing])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml", "--jobs", "1", "--keep-going", "--json"], in: folder)
        #expect(outcome.status == 1)
        let outcomes = try RunFixtures.outcomes(outcome.stdout)
        #expect(outcomes["stage broken"] == "failed")
        #expect(outcomes["stage after"] == "skipped")
        #expect(outcomes["stage independent"] == "ran")
    }

    @Test func declaredOutputNotWrittenIsNamed() throws {
        let folder = try RunFixtures.folder(["p.yaml": "mass: 1\nstages:\n  lazy: {run: \"true\", outs: [result.csv]}\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("result.csv"))
    }

    /// A run killed with SIGKILL halfway resumes from what finished and ends
    /// with the same outputs as an uninterrupted run. Stage s2 says it started
    /// (so s0 and s1 are stored) and waits for a `go` file, so the kill always
    /// lands while it runs, however slow the machine.
    @Test func killedRunResumesToTheSameResult() async throws {
        let marker = "mass-kill-test-\(UUID().uuidString)"
        var stages = "mass: 1\nstages:\n"
        for index in 0..<5 {
            let dep = index == 0 ? "" : ", deps: [s\(index - 1).txt]"
            let input = index == 0 ? "echo start" : "cat s\(index - 1).txt"
            let wait = index == 2 ? ": \(marker); echo > s2.started; while [ ! -f go ]; do sleep 0.05; done; " : ""
            stages +=
                "  s\(index): {run: \"\(wait)\(input) > s\(index).txt; echo \(index) >> s\(index).txt\"\(dep), outs: [s\(index).txt]}\n"
        }
        let killed = try RunFixtures.folder(["p.yaml": stages])
        let clean = try RunFixtures.folder(["p.yaml": stages, "go": ""])
        defer {
            try? FileManager.default.removeItem(at: killed)
            try? FileManager.default.removeItem(at: clean)
        }
        // A shell starts the run, waits until s2 runs (or mass has exited), then kills
        // mass and the waiting stage's shell (which has its own process group) without
        // warning. The bracket keeps pkill's pattern from matching this script's own command line.
        let script = """
            "$MASS" run p.yaml --quiet >/dev/null 2>&1 & pid=$!
            while [ ! -f s2.started ] && kill -0 $pid 2>/dev/null; do sleep 0.05; done
            kill -KILL $pid; wait $pid 2>/dev/null
            pkill -KILL -f '\(marker.replacingOccurrences(of: "mass-kill", with: "mass[-]kill"))' || true
            """
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", script]
        shell.currentDirectoryURL = killed
        shell.environment = ProcessInfo.processInfo.environment.merging(["MASS": MassProcess.binary.path, "CI": "true"]) {
            _, new in new
        }
        try shell.run()
        shell.waitUntilExit()
        #expect(!FileManager.default.fileExists(atPath: killed.appendingPathComponent("s2.txt").path), "killed while s2 ran")

        try "".write(to: killed.appendingPathComponent("go"), atomically: true, encoding: .utf8)
        let resumed = try MassProcess.run(["run", "p.yaml", "--json"], in: killed)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let outcomes = try RunFixtures.outcomes(resumed.stdout)
        #expect(outcomes["stage s0"] == "cached")
        #expect(outcomes["stage s1"] == "cached")
        #expect(outcomes["stage s2"] == "ran")
        #expect(outcomes["stage s4"] == "ran")
        #expect(try MassProcess.run(["run", "p.yaml"], in: clean).status == 0)
        for index in 0..<5 {
            let name = "s\(index).txt"
            #expect(
                try Data(contentsOf: killed.appendingPathComponent(name)) == Data(contentsOf: clean.appendingPathComponent(name)))
        }
    }

    /// Two runs of different pipelines share one cache at the same time.
    @Test func concurrentRunsOnOneCacheBothFinish() throws {
        let shared = RunFixtures.ensemble.replacingOccurrences(of: "report: {json: out/results.json}", with: "")
        let folder = try RunFixtures.folder([
            "a.yaml": shared, "b.yaml": shared.replacingOccurrences(of: "factors: 4", with: "factors: 5"),
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = folder.appendingPathComponent("cache").path
        let processes = try ["a.yaml", "b.yaml"].map { file -> (Process, Pipe) in
            let process = Process()
            process.executableURL = MassProcess.binary
            process.arguments = ["run", file, "--cache-dir", cache, "--quiet"]
            process.currentDirectoryURL = folder
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            return (process, output)
        }
        var tables: [String] = []
        for (process, output) in processes {
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            tables.append(text)
        }
        // Each equals a run alone on a fresh cache.
        for (index, file) in ["a.yaml", "b.yaml"].enumerated() {
            let alone = try MassProcess.run(
                ["run", file, "--cache-dir", folder.appendingPathComponent("alone-\(index)").path, "--quiet"],
                in: folder)
            #expect(
                alone.stdout.components(separatedBy: "\n").dropFirst() == tables[index].components(separatedBy: "\n").dropFirst())
        }
    }

    @Test func damagedCacheEntryIsAWarningAndIsRecomputed() throws {
        let folder = try RunFixtures.folder(["p.yaml": RunFixtures.ensemble])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try MassProcess.run(["run", "p.yaml"], in: folder).status == 0)
        let before = try Data(contentsOf: folder.appendingPathComponent("out/results.json"))
        let objects = folder.appendingPathComponent(".mass/objects")
        let entries = try FileManager.default.subpathsOfDirectory(atPath: objects.path)
            .filter { !$0.hasSuffix("/") }
            .map { objects.appendingPathComponent($0) }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
        #expect(entries.count > 4)
        // Every entry damaged, so the outcome does not depend on which ones the run reads:
        // half truncated, half with a flipped byte.
        for (index, entry) in entries.sorted(by: { $0.path < $1.path }).enumerated() {
            var bytes = try Data(contentsOf: entry)
            if index.isMultiple(of: 2) || bytes.isEmpty { bytes = Data() } else { bytes[bytes.count - 1] ^= 0xff }
            try bytes.write(to: entry)
        }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("out"))

        let again = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("warning"))
        #expect(try Data(contentsOf: folder.appendingPathComponent("out/results.json")) == before)
    }
}
