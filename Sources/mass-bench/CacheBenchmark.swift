// The cache and executor benchmarks (bench/cache-hashing.sh, bench/cache-executor.sh):
//   mass-bench cache hashing FILE      hash a file cold, then re-check it unchanged
//   mass-bench cache executor [--stages 10,100] [--jobs 2]
//                                      graphs of trivial command stages: cold, no-op, incremental
//   mass-bench cache stress DIR WORKER one of several processes writing and reading one cache folder
import ArtifactCache
import Foundation
import PipelineExecutor
import PipelineGraph

func runCacheBenchmark(_ arguments: [String]) throws {
    switch arguments.first {
    case "hashing":
        guard arguments.count >= 2 else { throw BenchmarkUsage("mass-bench cache hashing FILE") }
        try benchmarkHashing(file: arguments[1])
    case "executor":
        let stages = value(of: "--stages", in: arguments)?.split(separator: ",").compactMap { Int($0) } ?? [10, 100]
        let jobs = value(of: "--jobs", in: arguments).flatMap(Int.init) ?? 2
        try benchmarkExecutor(stageCounts: stages, jobs: jobs)
    case "stress":
        guard arguments.count >= 3, let worker = Int(arguments[2]) else {
            throw BenchmarkUsage("mass-bench cache stress DIR WORKER")
        }
        try stressCache(folder: arguments[1], worker: worker)
    default:
        throw BenchmarkUsage("mass-bench cache <hashing FILE | executor [--stages 10,100] [--jobs 2] | stress DIR WORKER>")
    }
}

private struct BenchmarkUsage: Error, CustomStringConvertible {
    var description: String
    init(_ usage: String) { description = "usage: " + usage }
}

private func value(of option: String, in arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: option), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

private func measure<R>(_ body: () throws -> R) rethrows -> (R, Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let result = try body()
    return (result, seconds(start.duration(to: clock.now)))
}

private func benchmarkHashing(file: String) throws {
    let cacheFolder = NSTemporaryDirectory() + "mass-bench-hash-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: cacheFolder) }
    let size = Double((try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0)

    let cold = StatCache(path: cacheFolder + "/stat-cache")
    let (hash, coldSeconds) = try measure { try cold.hash(ofFile: file) }
    try cold.save()
    print("file: \(file) (\(Int(size) >> 20) MiB)")
    print("sha256: \(hash)")
    print(String(format: "hash new file: %.3f s, %.2f GB/s", coldSeconds, size / coldSeconds / 1e9))

    // A new process would load the persisted stat cache first: measure that too.
    let (again, recheckSeconds) = try measure { () throws -> String in
        let warm = StatCache(path: cacheFolder + "/stat-cache")
        return try warm.hash(ofFile: file)
    }
    precondition(again == hash, "the stat cache returned a different hash")
    print(String(format: "re-check unchanged file (load stat cache + stat): %.3f ms", recheckSeconds * 1000))
    let warm = StatCache(path: cacheFolder + "/stat-cache")
    _ = try warm.hash(ofFile: file)
    let rounds = 1000
    let (_, loopSeconds) = try measure { for _ in 0..<rounds { _ = try warm.hash(ofFile: file) } }
    print(String(format: "re-check unchanged file (stat cache in memory): %.4f ms", loopSeconds * 1000 / Double(rounds)))
}

/// Command-stage graphs built in code, as lowering would build them.
private enum Shape: String, CaseIterable {
    case chain, fanout

    func graph(stages: Int) throws -> OperationGraph {
        var nodes: [Node] = []
        for index in 0..<stages {
            switch (self, index) {
            case (_, 0):
                nodes.append(
                    Node("stage 0", CommandStage(command: "cat input.txt > s0.txt", deps: ["input.txt"], outs: ["s0.txt"])))
            case (.chain, _):
                nodes.append(
                    Node(
                        "stage \(index)",
                        CommandStage(
                            command: "cat s\(index - 1).txt > s\(index).txt", deps: ["s\(index - 1).txt"], outs: ["s\(index).txt"]
                        ),
                        inputs: ["stage \(index - 1)"]))
            case (.fanout, _):
                nodes.append(
                    Node(
                        "stage \(index)",
                        CommandStage(
                            command: "echo \(index) > s\(index).txt", deps: ["s0.txt"], outs: ["s\(index).txt"]),
                        inputs: ["stage 0"]))
            }
        }
        return try OperationGraph(nodes)
    }
}

/// Runs an async body from this synchronous entry point.
private func blocking<R: Sendable>(_ body: @escaping @Sendable () async throws -> R) throws -> R {
    let box = ResultBox<R>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    guard let result = box.result else { throw BenchmarkUsage("no result") }
    return try result.get()
}

private final class ResultBox<R>: @unchecked Sendable {
    var result: Result<R, any Error>?
}

private struct Timing: Sendable {
    var seconds: Double
    var executed: Int
}

/// Plans and runs as `mass run` would: open the store, read the lock, plan, run, write the lock.
private func timedRun(folder: String, graph: OperationGraph, jobs: Int) throws -> Timing {
    try blocking {
        let clock = ContinuousClock()
        let start = clock.now
        let store = try DiskArtifactStore(root: folder + "/.mass")
        let executor = Executor(store: store, workingDirectory: folder, options: try ExecutorOptions(jobs: jobs))
        let lockPath = folder + "/pipeline.lock"
        let previous = try LockFile.read(from: lockPath)
        let plan = try executor.plan(graph, previous: previous)
        let report = await executor.run(graph, plan: plan, previous: previous, lockFilePath: lockPath)
        guard report.succeeded else { throw BenchmarkUsage("run failed: \(report.failedNodes)") }
        return Timing(seconds: seconds(start.duration(to: clock.now)), executed: report.executedNodes.count)
    }
}

/// The cost of the commands alone: each stage's operation run directly, in order, with no planning or caching.
private func commandsOnly(folder: String, graph: OperationGraph) throws -> Double {
    try blocking {
        let clock = ContinuousClock()
        let start = clock.now
        for node in graph.nodes {
            let context = OperationContext(
                nodeID: node.id, seed: 0, workingDirectory: folder, logDirectory: folder + "/.bench-logs")
            _ = try await node.operation.run(inputs: [], context: context)
        }
        return seconds(start.duration(to: clock.now))
    }
}

private func benchmarkExecutor(stageCounts: [Int], jobs: Int) throws {
    print("executor: trivial command stages, jobs \(jobs); times include opening the store, reading and writing the lock file")
    for stages in stageCounts {
        for shape in Shape.allCases {
            let folder = NSTemporaryDirectory() + "mass-bench-exec-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: folder + "/.bench-logs", withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try Data("first\n".utf8).write(to: URL(fileURLWithPath: folder + "/input.txt"))
            let graph = try shape.graph(stages: stages)

            let cold = try timedRun(folder: folder, graph: graph, jobs: jobs)
            var noOps: [Double] = []
            for _ in 0..<5 {
                let noOp = try timedRun(folder: folder, graph: graph, jobs: jobs)
                precondition(noOp.executed == 0, "a no-op run executed \(noOp.executed) nodes")
                noOps.append(noOp.seconds)
            }
            // Best of three, as the machine may be busy: each round changes the first input again.
            var incremental = Timing(seconds: .infinity, executed: 0)
            var commands = Double.infinity
            for round in 0..<3 {
                try Data("change \(round)\n".utf8).write(to: URL(fileURLWithPath: folder + "/input.txt"))
                let timing = try timedRun(folder: folder, graph: graph, jobs: jobs)
                if timing.seconds < incremental.seconds { incremental = timing }
                commands = min(commands, try commandsOnly(folder: folder, graph: graph))
            }
            let label = "\(stages) stages, \(shape.rawValue)"
            print(String(format: "%@: cold %.1f ms (%d run)", label, cold.seconds * 1000, cold.executed))
            print(
                String(
                    format: "%@: no-op re-run %.2f ms (best of 5; median %.2f ms)", label,
                    (noOps.min() ?? 0) * 1000, noOps.sorted()[noOps.count / 2] * 1000))
            let overhead = (incremental.seconds - commands) / Double(max(incremental.executed, 1))
            print(
                String(
                    format:
                        "%@: after changing input.txt %.1f ms for %d stages (best of 3); the commands alone, serially %.1f ms; overhead %.2f ms per stage",
                    label, incremental.seconds * 1000, incremental.executed, commands * 1000, overhead * 1000))
        }
    }
}

/// Writes and reads overlapping keys; any read that is neither a miss nor the
/// right bytes, and any warning, is a failure.
private func stressCache(folder: String, worker: Int) throws {
    let warnings = WarningCount()
    let store = try DiskArtifactStore(root: folder, onWarning: { _ in warnings.add() })
    let keys = (0..<200).map { ContentHash.of(Array("stress key \($0)".utf8)) }
    func payload(_ index: Int) -> [UInt8] { Array(repeating: UInt8(truncatingIfNeeded: index), count: 10_000 + 97 * index) }
    var wrong = 0, hits = 0
    for round in 0..<10 {
        for (index, key) in keys.enumerated() where (index + worker + round) % 3 != 0 {
            try store.write(key, payload(index))
        }
        for (index, key) in keys.enumerated() {
            guard let bytes = store.read(key) else { continue }
            hits += 1
            if bytes != payload(index) { wrong += 1 }
        }
    }
    print("worker \(worker): \(hits) hits, \(wrong) wrong, \(warnings.value) warnings")
    if wrong > 0 || warnings.value > 0 { throw BenchmarkUsage("the cache returned wrong data or warned") }
}

private final class WarningCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
