import ArtifactCache
import Foundation
import PipelineGraph
import Testing
@testable import PipelineExecutor

/// Records the most operations seen running at once. Until `target` of them
/// run together, each one waits inside `enter`, so reaching the target does
/// not depend on how long an operation takes.
final class ConcurrencyProbe: @unchecked Sendable {
    private let lock = NSLock()
    private let target: Int
    private let reached = Gate()
    private var running = 0
    private var highest = 0

    init(target: Int) { self.target = target }

    var peak: Int { lock.withLock { highest } }

    func enter() async {
        let full = lock.withLock {
            running += 1
            highest = max(highest, running)
            return running >= target
        }
        if full { reached.open() }
        await reached.wait()
    }

    func leave() { lock.withLock { running -= 1 } }
}

private struct Probed: PipelineOperation {
    var index: Int
    var probe: ConcurrencyProbe
    var name: String { "probed" }
    var version: Int { 1 }
    var configuration: ConfigValue { ["index": .int(index)] }

    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        await probe.enter()
        defer { probe.leave() }
        return .int(Int64(index))
    }
}

/// Collects progress events from any task.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [String] = []

    func record(_ event: ProgressEvent) {
        let line: String
        switch event {
        case .started(let total, let toRun): line = "started \(total) \(toRun)"
        case .nodeStarted(let id): line = "start \(id)"
        case .nodeFinished(let id, _, let cached): line = cached ? "cached \(id)" : "ran \(id)"
        case .nodeRecomputed(let id, _): line = "recomputed \(id)"
        case .outputUnchanged(let id): line = "unchanged \(id)"
        case .nodeFailed(let id, _): line = "failed \(id)"
        case .nodeSkipped(let id, let dependency): line = "skipped \(id) after \(dependency)"
        case .finished(let succeeded, let cancelled): line = "finished \(succeeded) \(cancelled)"
        }
        lock.withLock { events.append(line) }
    }

    var all: [String] { lock.withLock { events } }
}

@Suite struct ProgressTests {
    /// The time limit guards against a hang should fewer than `jobs` ever run
    /// together; the test itself takes milliseconds, but waits for a thread
    /// behind every other test on a loaded two-core machine, hence the margin.
    @Test(.timeLimit(.minutes(10)), arguments: [1, 3])
    func neverRunsMoreThanJobsAtOnce(jobs: Int) async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let probe = ConcurrencyProbe(target: jobs)
        let graph = try OperationGraph((0..<12).map { Node("n\($0)", Probed(index: $0, probe: probe)) })
        let executor = workspace.executor(
            InMemoryArtifactStore(logDirectory: workspace.file("logs")), try ExecutorOptions(jobs: jobs))
        let report = await executor.run(graph, plan: try executor.plan(graph, previous: nil), previous: nil)
        #expect(report.succeeded)
        #expect(probe.peak <= jobs)
        #expect(probe.peak == jobs)
    }

    @Test func reportsStartsFinishesHitsAndFailures() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let store = InMemoryArtifactStore(logDirectory: workspace.file("logs"))
        let graph = try OperationGraph([
            Node("load", Split(fold: 1)),
            Node("bad", Failing(), inputs: ["load"]),
            Node("after bad", Split(fold: 2), inputs: ["bad"]),
        ])
        let executor = workspace.executor(store, try ExecutorOptions(jobs: 1))
        let log = EventLog()
        _ = await executor.run(graph, plan: try executor.plan(graph, previous: nil), previous: nil) { log.record($0) }
        #expect(
            log.all == [
                "started 3 3", "start load", "ran load", "start bad", "failed bad",
                "skipped after bad after bad", "finished false false",
            ])

        let again = EventLog()
        _ = await executor.run(graph, plan: try executor.plan(graph, previous: nil), previous: nil) { again.record($0) }
        #expect(again.all.prefix(2) == ["started 3 2", "cached load"])
    }
}
