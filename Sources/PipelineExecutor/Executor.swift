import ArtifactCache
import PipelineGraph

/// Plans and runs operation graphs against an artifact store.
///
///     let store = try DiskArtifactStore(root: CacheLocation.root(forPipeline: path), onWarning: { warnings.append($0) })
///     let graph = try OperationGraph([
///         Node("prepare", CommandStage(command: "python3 prep.py", deps: ["prep.py", "raw.csv"], outs: ["clean.csv"])),
///         Node("train svd @ fold 0", trainOperation, inputs: ["prepare"]),
///     ])
///     let executor = Executor(store: store, workingDirectory: pipelineFolder,
///                             options: try ExecutorOptions(jobs: 4, pipelineSeed: 42))
///     let lockPath = LockFile.path(forPipeline: path)
///     let previous = try LockFile.read(from: lockPath)
///     let plan = try executor.plan(graph, previous: previous)          // `mass plan`: plan.nodes[i].reasons
///     let report = await executor.run(graph, plan: plan, previous: previous, lockFilePath: lockPath) { event in
///         // render ProgressEvent
///     }
public final class Executor: Sendable {
    public let store: any ArtifactStore
    /// Relative file paths of operations resolve against this folder (the pipeline's).
    public let workingDirectory: String
    public let options: ExecutorOptions

    public init(store: any ArtifactStore, workingDirectory: String, options: ExecutorOptions = ExecutorOptions()) {
        self.store = store
        self.workingDirectory = workingDirectory
        self.options = options
    }

    /// Fingerprints every node and decides what runs and why.
    public func plan(_ graph: OperationGraph, previous: LockFile?) throws(ExecutorError) -> Plan {
        try Planner(store: store, workingDirectory: workingDirectory, options: options).plan(graph, previous: previous)
    }

    /// Runs the nodes the plan marks to run, up to `options.jobs` at a time,
    /// and writes the lock file (when `lockFilePath` is given) at the end,
    /// also after a failure or a cancellation, for the nodes that finished.
    ///
    /// Cancel the calling task to stop: no new node starts, running command
    /// stages are terminated, and what finished stays in the cache.
    ///
    /// `artifactsOf` names the nodes whose artifacts the caller reads from the
    /// report (`nil`: every sink). Their stored entries are read and checked
    /// even when the lock describes them, so that a damaged one is computed
    /// again in this run rather than found missing afterwards.
    public func run(
        _ graph: OperationGraph, plan: Plan, previous: LockFile?, lockFilePath: String? = nil,
        artifactsOf wanted: [String]? = nil, progress: @escaping ProgressHandler = { _ in }
    ) async -> RunReport {
        let held = try? store.lockForUse()
        defer { withExtendedLifetime(held) {} }
        let run = GraphRun(
            executor: self, graph: graph, plan: plan, previous: previous, wanted: wanted, progress: progress)
        let clock = ContinuousClock()
        let started = clock.now
        var report = await run.execute()
        store.flush()
        if let lockFilePath {
            do {
                try report.lock.write(to: lockFilePath, readAs: previous)
            } catch {
                report.lockWriteError = "cannot write \(lockFilePath): \(error)"
            }
            if let stateDirectory = store.stateDirectory {
                // Only a convenience: a record that cannot be written costs nothing else.
                try? report.record(lockFile: lockFilePath, milliseconds: Self.milliseconds(started.duration(to: clock.now)))
                    .write(in: stateDirectory)
            }
        }
        return report
    }

    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }

    /// Runs node `id` by itself, reading its inputs from the store (computing
    /// them when they are missing), and stores its result: the entry point for
    /// running single nodes elsewhere (`mass exec-node`, a distributed backend).
    public func runNode(_ id: String, of graph: OperationGraph, plan: Plan) async throws -> Artifact {
        guard let index = graph.index(of: id) else { throw ExecutorError(.unknownNode, "no node '\(id)'") }
        let run = GraphRun(executor: self, graph: graph, plan: plan, previous: nil, wanted: [id], progress: { _ in })
        defer { store.flush() }
        return try await run.compute(index).artifact
    }

    /// The artifact of node `id` from the store (for `mass show` and reports), or `nil`.
    public func storedArtifact(of id: String, in plan: Plan) -> Artifact? {
        guard let fingerprint = plan.node(id)?.fingerprint else { return nil }
        return storedArtifact(fingerprint: fingerprint)
    }

    /// The cached result with this fingerprint (one a lock file records, say).
    public func storedArtifact(fingerprint: String) -> Artifact? {
        guard let bytes = store.read(fingerprint) else { return nil }
        return StoredResult(decoding: bytes)?.artifact
    }

    func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : workingDirectory + "/" + path
    }

    /// A folder name for a node's logs: readable, and unique by a short hash of the id.
    func logFolder(for id: String) -> String {
        let readable = String(
            id.unicodeScalars.map { scalar -> Character in
                switch scalar {
                case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".": Character(scalar)
                default: "_"
                }
            }.prefix(80))
        let suffix = String(NodeSeed.derive(pipelineSeed: 0, nodeID: id) & 0xffff_ffff, radix: 16)
        return "\(store.logDirectory)/\(readable)-\(suffix)"
    }
}
