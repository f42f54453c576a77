import ArtifactCache
import Foundation
import PipelineGraph
import Testing
@testable import PipelineExecutor

@Suite struct ExecutorRunTests {
    /// load → split fold 0..2 → train @ fold k → combine
    func graph(scale: Double = 1, counter: RunCounter) throws -> OperationGraph {
        var nodes = [Node("load", SeededNoise(count: 10, scale: 1, counter: counter))]
        for fold in 0..<3 {
            nodes.append(Node("split fold \(fold)", SeededNoise(count: 5, scale: 1, counter: counter), inputs: ["load"]))
            nodes.append(
                Node(
                    "train @ fold \(fold)", SeededNoise(count: 20, scale: fold == 1 ? scale : 1, counter: counter),
                    inputs: ["split fold \(fold)"]))
        }
        nodes.append(
            Node("combine", SeededNoise(count: 3, scale: 1, counter: counter), inputs: (0..<3).map { "train @ fold \($0)" }))
        return try OperationGraph(nodes)
    }

    @Test func runThenNoOpThenOneParameterChange() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let counter = RunCounter()
        let executor = workspace.executor(try workspace.store())
        let lockPath = workspace.file("pipeline.lock")

        let (_, first) = try await executor.planAndRun(try graph(counter: counter), lockPath: lockPath)
        #expect(first.succeeded)
        #expect(first.executedNodes.count == 8)
        #expect(counter.total == 8)
        #expect(first.artifacts["combine"]?.doubleArray?.count == 3)

        let (plan, again) = try await executor.planAndRun(try graph(counter: counter), lockPath: lockPath)
        #expect(plan.toRun.isEmpty)
        #expect(again.executedNodes.isEmpty)
        #expect(counter.total == 8)
        #expect(again.artifacts["combine"] == first.artifacts["combine"])

        let (changed, third) = try await executor.planAndRun(try graph(scale: 2, counter: counter), lockPath: lockPath)
        #expect(changed.toRun.map(\.id) == ["train @ fold 1", "combine"])
        #expect(third.executedNodes == ["combine", "train @ fold 1"])
        #expect(counter.total == 10)
        #expect(third.artifacts["combine"] != first.artifacts["combine"])
        let lock = try #require(try LockFile.read(from: lockPath))
        #expect(lock.node("train @ fold 1")?.configuration["scale"] == "2.0")
        #expect(lock.node("combine")?.metrics["mean"] != nil)
    }

    @Test func singleNodeRunsAloneWithInputsFromTheStore() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let counter = RunCounter()
        let executor = workspace.executor(try workspace.store())
        let (plan, report) = try await executor.planAndRun(try graph(counter: counter), lockPath: workspace.file("p.lock"))
        let combine = try await executor.runNode("combine", of: try graph(counter: counter), plan: plan)
        #expect(combine == report.artifacts["combine"])
        #expect(counter.runs("combine") == 2)
        #expect(counter.total == 9)
        #expect(executor.storedArtifact(of: "combine", in: plan) == combine)
    }

    @Test func sameOutputsForOneAndFourJobs() async throws {
        var results: [[String: Artifact]] = []
        var locks: [String] = []
        for jobs in [1, 4, 1] {
            let workspace = try Workspace()
            defer { workspace.remove() }
            var nodes = [Node("load", SeededNoise(count: 100, scale: 1, delayMilliseconds: 2))]
            for model in 0..<12 {
                nodes.append(
                    Node(
                        "train m\(model)", SeededNoise(count: 50, scale: Double(model + 1), delayMilliseconds: 12 - model),
                        inputs: ["load"]))
            }
            nodes.append(Node("combine", SeededNoise(count: 10, scale: 1), inputs: (0..<12).map { "train m\($0)" }))
            let executor = workspace.executor(try workspace.store(), try ExecutorOptions(jobs: jobs, pipelineSeed: 42))
            let (_, report) = try await executor.planAndRun(try OperationGraph(nodes), lockPath: workspace.file("p.lock"))
            #expect(report.succeeded)
            results.append(report.artifacts)
            // Durations differ between runs; everything else in the lock must not.
            locks.append((workspace.read("p.lock") ?? "").split(separator: "\n").filter { !$0.contains("duration") }.joined())
        }
        #expect(results[0] == results[1])
        #expect(results[1] == results[2])
        #expect(locks[0] == locks[1])
    }

    /// Seeded nodes with one seed identity, configuration and inputs are one
    /// result; a different configuration is its own result with the same seed.
    @Test func seedIdentitySharesSeededWork() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let counter = RunCounter()
        let graph = try OperationGraph([
            Node("train", SeededNoise(count: 3, scale: 1, counter: counter)),
            Node("train [trial 1]", SeededNoise(count: 3, scale: 1, counter: counter), seedIdentity: "train"),
            Node("train [trial 2]", SeededNoise(count: 3, scale: 2, counter: counter), seedIdentity: "train"),
        ])
        let executor = workspace.executor(try workspace.store(), try ExecutorOptions(jobs: 2, pipelineSeed: 9))
        let (plan, report) = try await executor.planAndRun(graph, lockPath: workspace.file("p.lock"))
        #expect(report.succeeded)
        #expect(plan.node("train [trial 1]")?.sharesResultWith == "train")
        #expect(plan.node("train [trial 2]")?.sharesResultWith == nil)
        #expect(plan.node("train [trial 2]")?.seed == plan.node("train")?.seed)
        #expect(counter.runs("train") + counter.runs("train [trial 1]") == 1)
    }

    @Test func equalNodesRunOnce() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let counter = RunCounter()
        // Two search trials that share the same split: the split has one fingerprint.
        let graph = try OperationGraph([
            Node("trial 1 / split fold 0", Split(fold: 0, counter: counter)),
            Node("trial 2 / split fold 0", Split(fold: 0, counter: counter)),
            Node("trial 1 / train", SeededNoise(count: 3, scale: 1, counter: counter), inputs: ["trial 1 / split fold 0"]),
            Node("trial 2 / train", SeededNoise(count: 3, scale: 2, counter: counter), inputs: ["trial 2 / split fold 0"]),
        ])
        let executor = workspace.executor(try workspace.store(), try ExecutorOptions(jobs: 4))
        let (plan, report) = try await executor.planAndRun(graph, lockPath: workspace.file("p.lock"))
        #expect(plan.node("trial 2 / split fold 0")?.sharesResultWith == "trial 1 / split fold 0")
        #expect(counter.runs("trial 1 / split fold 0") + counter.runs("trial 2 / split fold 0") == 1)
        #expect(report.succeeded)
        #expect(
            report.lock.node("trial 2 / split fold 0")?.fingerprint == report.lock.node("trial 1 / split fold 0")?.fingerprint)

        // Forcing either of them runs the shared result again, once.
        let forced = workspace.executor(try workspace.store(), try ExecutorOptions(jobs: 4, forced: ["trial 2 / split fold 0"]))
        let (forcedPlan, _) = try await forced.planAndRun(graph, lockPath: workspace.file("p.lock"))
        #expect(forcedPlan.toRun.map(\.id) == ["trial 1 / split fold 0", "trial 2 / split fold 0"])
        #expect(counter.runs("trial 1 / split fold 0") + counter.runs("trial 2 / split fold 0") == 2)
    }

    @Test func damagedEntryIsRecomputedCorrectly() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let warnings = WarningLogForTests()
        let store = try DiskArtifactStore(root: workspace.file(".mass"), onWarning: { warnings.append($0.message) })
        let counter = RunCounter()
        let executor = workspace.executor(store)
        let lockPath = workspace.file("p.lock")
        let (plan, first) = try await executor.planAndRun(try graph(counter: counter), lockPath: lockPath)

        // Damage one input of the node that will run again, and truncate the final result.
        let split = try #require(plan.node("split fold 1")?.fingerprint)
        let splitPath = store.objectPath(split)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: splitPath))
        bytes[bytes.count - 3] ^= 0x55
        try bytes.write(to: URL(fileURLWithPath: splitPath))
        let combinePath = store.objectPath(try #require(plan.node("combine")?.fingerprint))
        let combineBytes = try Data(contentsOf: URL(fileURLWithPath: combinePath))
        try combineBytes.prefix(combineBytes.count / 2).write(to: URL(fileURLWithPath: combinePath))

        let (_, second) = try await executor.planAndRun(try graph(scale: 2, counter: counter), lockPath: lockPath)
        #expect(second.succeeded)
        #expect(warnings.all.count == 1)
        #expect(counter.runs("split fold 1") == 2)

        let (_, third) = try await executor.planAndRun(try graph(counter: counter), lockPath: lockPath)
        #expect(third.succeeded)
        #expect(warnings.all.count == 2)
        #expect(third.artifacts["combine"] == first.artifacts["combine"])
    }

    /// The lock describes every node, so nothing would be read; but the caller
    /// wants `combine`: its damaged entry is found in this run, and so is the
    /// damaged input it needs. Both count as run, and the result is the clean one.
    @Test func damagedWantedNodeAndItsInputRunAgainInTheSameRun() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let store = try workspace.store()
        let counter = RunCounter()
        let executor = workspace.executor(store)
        let lockPath = workspace.file("p.lock")
        let (plan, first) = try await executor.planAndRun(try graph(counter: counter), lockPath: lockPath)
        for id in ["combine", "train @ fold 1"] {
            let path = store.objectPath(try #require(plan.node(id)?.fingerprint))
            var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            bytes[bytes.count - 2] ^= 0x01
            try bytes.write(to: URL(fileURLWithPath: path))
        }
        let previous = try LockFile.read(from: lockPath)
        let again = try executor.plan(try graph(counter: counter), previous: previous)
        #expect(again.toRun.isEmpty, "the plan sees the entries, not their damage")
        let log = EventLog()
        let report = await executor.run(
            try graph(counter: counter), plan: again, previous: previous, lockFilePath: lockPath, artifactsOf: ["combine"],
            progress: { log.record($0) })
        #expect(report.succeeded)
        #expect(report.artifacts["combine"] == first.artifacts["combine"])
        #expect(report.executedNodes == ["combine", "train @ fold 1"])
        #expect(log.all.contains("recomputed train @ fold 1"))
        #expect(counter.runs("combine") == 2 && counter.runs("train @ fold 1") == 2 && counter.runs("train @ fold 0") == 1)
    }

    @Test func failureStopsDependantsOnlyWithKeepGoing() async throws {
        for keepGoing in [false, true] {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let counter = RunCounter()
            // "slow" finishes only after the executor has taken in the failure of "bad".
            let badFailed = Gate()
            let graph = try OperationGraph([
                Node("bad", Failing()),
                Node("after bad", SeededNoise(count: 1, scale: 1, counter: counter), inputs: ["bad"]),
                Node("slow", SeededNoise(count: 1, scale: 1, counter: counter, gate: badFailed)),
                Node("after slow", SeededNoise(count: 1, scale: 1, counter: counter), inputs: ["slow"]),
            ])
            let executor = workspace.executor(try workspace.store(), try ExecutorOptions(jobs: 2, keepGoing: keepGoing))
            let (_, report) = try await executor.planAndRun(graph, lockPath: workspace.file("p.lock")) { event in
                if case .nodeFailed(id: "bad", _) = event { badFailed.open() }
            }
            #expect(!report.succeeded)
            #expect(report.outcomes["bad"] == .failed(message: "always fails"))
            #expect(report.outcomes["after bad"] == .skipped(dependency: "bad"))
            #expect(counter.runs("after bad") == 0)
            // The running node finishes either way; its dependant starts only with keep-going.
            #expect(counter.runs("slow") == 1)
            #expect(counter.runs("after slow") == (keepGoing ? 1 : 0))
            #expect(report.outcomes["after slow"] == (keepGoing ? report.outcomes["after slow"] : .notStarted))
            let lock = try #require(try LockFile.read(from: workspace.file("p.lock")))
            #expect(lock.node("slow") != nil)
            #expect(lock.node("bad") == nil)
        }
    }

    /// The slow stage says when it runs, then waits for a `release` file that
    /// only this test's own cancellation creates: so the run ends with the
    /// stage unfinished only if cancelling the run stopped it. The time limit
    /// guards against a hang when it does not; the test itself takes well under a second
    /// (the margin is for a loaded machine running every other test beside it).
    @Test(.timeLimit(.minutes(10)))
    func cancellationStopsTheRunningCommandAndTheNextRunResumes() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let started = try StartSignal(at: workspace.file("started"))
        let graph = try OperationGraph([
            Node("quick", SeededNoise(count: 1, scale: 1)),
            Node(
                "slow",
                CommandStage(
                    command: "echo > started; while [ ! -f release ]; do sleep 0.05; done; echo > finished"), inputs: ["quick"]),
        ])
        let executor = workspace.executor(try workspace.store())
        let lockPath = workspace.file("p.lock")
        let task = Task {
            let plan = try executor.plan(graph, previous: nil)
            return await executor.run(graph, plan: plan, previous: nil, lockFilePath: lockPath)
        }
        await started.wait()
        task.cancel()
        let report = try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            _ = FileManager.default.createFile(atPath: workspace.file("release"), contents: nil)
        }
        #expect(report.wasCancelled)
        #expect(report.outcomes["quick"] != .notStarted)
        #expect(
            !FileManager.default.fileExists(atPath: workspace.file("finished")), "the command was stopped, not left to finish")
        let plan = try executor.plan(graph, previous: try LockFile.read(from: lockPath))
        #expect(plan.toRun.map(\.id) == ["slow"])
    }
}

final class WarningLogForTests: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func append(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}
