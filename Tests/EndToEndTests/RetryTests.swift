import Foundation
import Testing

/// `retries` on command stages and command models: a transient failure is
/// run again after a growing wait; a lasting one fails after the last attempt.
@Suite struct RetryTests {
    /// A command that fails until it has been run `succeedOn` times (it counts in `tries`).
    static func flaky(succeedOn: Int, then: String) -> String {
        "n=$(cat tries 2>/dev/null || echo 0); n=$((n + 1)); echo $n > tries; [ $n -ge \(succeedOn) ] && \(then)"
    }

    static func stagePipeline(retries: Int) -> String {
        """
        mass: 1
        stages:
          fetch:
            run: '\(flaky(succeedOn: 3, then: "echo ok > fetched.txt"))'
            outs: [fetched.txt]
            retries: \(retries)
            retry_delay: 0.01

        """
    }

    @Test func aStageThatFailsTwiceSucceedsOnItsThirdAttempt() throws {
        let folder = try RunFixtures.folder(["p.yaml": Self.stagePipeline(retries: 2)])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("tries"), encoding: .utf8) == "3\n")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("fetched.txt").path))
    }

    @Test func tooFewRetriesFailAndSayHowManyAttemptsRan() throws {
        let folder = try RunFixtures.folder(["p.yaml": Self.stagePipeline(retries: 1)])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("command failed with exit status 1 on each of 2 attempts"), "\(outcome.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("tries"), encoding: .utf8) == "2\n")
    }

    @Test func aCommandModelIsRetriedToo() throws {
        let predict = "awk \"NR > 1 { print 3 }\" {predict} > {out}"
        let pipeline = """
            mass: 1
            seed: 3
            data:
              ratings: {synthetic: {users: 30, items: 20, ratings: 300}}
            split: {method: holdout}
            models:
              ext: {kind: command, run: '\(Self.flaky(succeedOn: 2, then: predict))', retries: 1, retry_delay: 0.01}
            evaluate: {metrics: [rmse]}

            """
        let folder = try RunFixtures.folder(["p.yaml": pipeline])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("tries"), encoding: .utf8) == "2\n")
    }
}
