import ArtifactCache
import Foundation
import PipelineGraph
@testable import PipelineExecutor

/// A fresh folder under the system's temporary directory.
struct Workspace {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "mass-executor-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ text: String, to name: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: file(name)))
    }

    func read(_ name: String) -> String? {
        try? String(contentsOfFile: file(name), encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    func store() throws -> DiskArtifactStore { try DiskArtifactStore(root: file(".mass")) }

    func executor(_ store: any ArtifactStore, _ options: ExecutorOptions = ExecutorOptions()) -> Executor {
        Executor(store: store, workingDirectory: path, options: options)
    }
}

/// Counts how often each node's operation ran, across tasks.
final class RunCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]

    func count(_ id: String) { lock.withLock { counts[id, default: 0] += 1 } }
    func runs(_ id: String) -> Int { lock.withLock { counts[id] ?? 0 } }
    var total: Int { lock.withLock { counts.values.reduce(0, +) } }
}

/// Draws `count` numbers from the node's seed and adds its inputs' first values: a
/// stand-in for a randomized model whose result must not depend on scheduling.
struct SeededNoise: PipelineOperation {
    var count: Int
    var scale: Double
    /// Shuffles the order in which nodes finish; nothing waits on it.
    var delayMilliseconds: Int = 0
    var counter: RunCounter?
    /// Finishes only once this gate is open.
    var gate: Gate?

    var name: String { "seeded-noise" }
    var version: Int { 1 }
    var configuration: ConfigValue { ["count": .int(count), "scale": .double(scale)] }

    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        counter?.count(context.nodeID)
        if delayMilliseconds > 0 { try await Task.sleep(for: .milliseconds(delayMilliseconds)) }
        await gate?.wait()
        var state = context.seed
        let offset = inputs.compactMap { $0.doubleArray?.first }.reduce(0, +)
        let values = (0..<count).map { _ -> Double in
            state &+= 0x9e37_79b9_7f4a_7c15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xbf58_476d_1ce4_e5b9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94d0_49bb_1331_11eb
            return Double((mixed ^ (mixed >> 31)) >> 11) / Double(1 << 53) * scale + offset
        }
        context.record(metric: "mean", values.reduce(0, +) / Double(max(count, 1)))
        return .doubles(values)
    }
}

/// A deterministic operation that ignores the seed, so equal nodes share a result.
struct Split: PipelineOperation {
    var fold: Int
    var counter: RunCounter?
    var name: String { "split" }
    var version: Int { 1 }
    var configuration: ConfigValue { ["fold": .int(fold), "method": "kfold"] }
    var usesSeed: Bool { false }

    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        counter?.count(context.nodeID)
        return .doubles([Double(fold)])
    }
}

struct Failing: PipelineOperation {
    var name: String { "failing" }
    var version: Int { 1 }
    var configuration: ConfigValue { [:] }
    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        throw ExecutorError(.commandFailed, "always fails")
    }
}

extension Executor {
    /// Plans against the lock at `lockPath`, runs, and writes the lock back.
    func planAndRun(
        _ graph: OperationGraph, lockPath: String, progress: @escaping ProgressHandler = { _ in }
    ) async throws -> (Plan, RunReport) {
        let previous = try LockFile.read(from: lockPath)
        let plan = try self.plan(graph, previous: previous)
        let report = await run(graph, plan: plan, previous: previous, lockFilePath: lockPath, progress: progress)
        return (plan, report)
    }
}

/// A one-shot event that tasks wait for: tests order steps with it rather than with the clock.
final class Gate: @unchecked Sendable {
    private let lock = NSLock()
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func open() {
        let waiting = lock.withLock {
            isOpen = true
            defer { waiters = [] }
            return waiters
        }
        for waiter in waiting { waiter.resume() }
    }

    /// Returns once the gate is open, or when the waiting task is cancelled
    /// (then it opens the gate for everyone, so that a stuck test can end).
    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let openAlready = lock.withLock {
                    if !isOpen { waiters.append(continuation) }
                    return isOpen
                }
                if openAlready { continuation.resume() }
            }
        } onCancel: {
            open()
        }
    }
}

/// A named pipe that a command stage writes to once it runs (`echo > started`):
/// reading it waits for that moment, however slow the machine.
struct StartSignal {
    let path: String

    init(at path: String) throws {
        guard mkfifo(path, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
        self.path = path
    }

    /// Returns once a writer has opened the pipe and closed it again. When the
    /// waiting task is cancelled, opening the pipe here ends the wait instead.
    func wait() async {
        let path = path
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                // Opening a pipe for reading blocks until a writer comes: a thread of its own, not a task's.
                Thread.detachNewThread {
                    _ = FileHandle(forReadingAtPath: path)?.readDataToEndOfFile()
                    continuation.resume()
                }
            }
        } onCancel: {
            let descriptor = open(path, O_WRONLY | O_NONBLOCK)
            if descriptor >= 0 { close(descriptor) }
        }
    }
}
