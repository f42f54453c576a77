/// One kind of work a graph node does: load, split, train, predict, combine,
/// a shell command. The executor runs it through this protocol and caches its
/// result under a fingerprint of everything listed here plus its inputs.
///
/// An operation must be a pure function of its configuration, its inputs,
/// the files it declares and its seed: that is what makes caching sound.
public protocol PipelineOperation: Sendable {
    /// A short, stable name such as `split` or `train-mf`.
    var name: String { get }
    /// Bump when the code changes what the operation produces, so old cache entries stop matching.
    var version: Int { get }
    /// Everything from the pipeline file that affects the result.
    var configuration: ConfigValue { get }
    /// Work-tree files read (paths relative to the pipeline folder); their content enters the fingerprint.
    var fileDependencies: [String] { get }
    /// Files written (relative paths); stored in the cache after a run and restored on a hit.
    var outputFiles: [String] { get }
    /// Whether the result depends on `context.seed`. When it does, the seed
    /// (and so the node id) enters the fingerprint; when it does not, equal
    /// nodes anywhere in the graph share one result.
    var usesSeed: Bool { get }
    /// Whether the result depends on `context.pipelineSeed` (data generated
    /// from the pipeline's seed, the same whatever node makes it). When it
    /// does, the pipeline seed enters the fingerprint.
    var usesPipelineSeed: Bool { get }
    /// Whether, after a failure under `--keep-going`, the node still runs on
    /// the inputs that exist, receiving `.none` for those that failed (a
    /// summary of the models that trained). Such a result is partial: it is
    /// not stored, and nor are its dependants' results.
    var runsWithFailedInputs: Bool { get }

    /// Computes the result from the inputs' artifacts, in the node's input order.
    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact

    /// How much memory running on these inputs will take, estimated before it
    /// starts from the data's shape and the parameters; `nil` when small.
    func memoryNeed(inputs: [Artifact]) -> MemoryNeed?
}

/// What a node will hold in memory while it runs, and how to make it less.
public struct MemoryNeed: Sendable, Equatable {
    public var bytes: Int
    /// What the figure is made of, for the message of a node that does not fit.
    public var breakdown: String
    /// Which setting to lower when it does not fit.
    public var remedy: String

    public init(bytes: Int, breakdown: String, remedy: String) {
        self.bytes = bytes
        self.breakdown = breakdown
        self.remedy = remedy
    }
}

extension PipelineOperation {
    public var fileDependencies: [String] { [] }
    public var outputFiles: [String] { [] }
    public var usesSeed: Bool { true }
    public var usesPipelineSeed: Bool { false }
    public var runsWithFailedInputs: Bool { false }
    public func memoryNeed(inputs: [Artifact]) -> MemoryNeed? { nil }
}

/// What the executor gives an operation besides its inputs.
public struct OperationContext: Sendable {
    /// The node being run, for messages.
    public var nodeID: String
    /// Derived from (pipeline seed, node id): the same for every run and any number of jobs.
    public var seed: UInt64
    /// The pipeline file's `seed`, for operations that declare `usesPipelineSeed`.
    public var pipelineSeed: UInt64
    /// The folder relative paths are resolved against (the pipeline's folder).
    public var workingDirectory: String
    /// A folder for this node's logs (stdout, stderr), created before the run.
    public var logDirectory: String
    /// Where a long computation may keep its progress so that a killed run resumes
    /// it (the file is named by the node's fingerprint, and removed once the result is
    /// stored), and after how long it should start doing so; nil without a cache.
    public var checkpoint: (path: String, identity: String, after: Duration)?
    private let metricSink: @Sendable (String, Double) -> Void
    private let processSink: @Sendable (Int32) -> Void

    public init(
        nodeID: String, seed: UInt64, pipelineSeed: UInt64 = 0, workingDirectory: String, logDirectory: String,
        metricSink: @escaping @Sendable (String, Double) -> Void = { _, _ in },
        processStarted: @escaping @Sendable (Int32) -> Void = { _ in }
    ) {
        self.nodeID = nodeID
        self.seed = seed
        self.pipelineSeed = pipelineSeed
        self.workingDirectory = workingDirectory
        self.logDirectory = logDirectory
        self.metricSink = metricSink
        self.processSink = processStarted
    }

    /// Tells the executor that the operation started a process group (its
    /// leader's pid), so that a later run can end it should this one die.
    public func processStarted(group: Int32) {
        processSink(group)
    }

    /// True once the run is cancelled; long loops should check it and stop.
    public var isCancelled: Bool { Task.isCancelled }

    /// Throws `CancellationError` once the run is cancelled.
    public func checkCancellation() throws {
        try Task.checkCancellation()
    }

    /// Records a metric (e.g. `rmse`) that the lock file and reports show.
    public func record(metric name: String, _ value: Double) {
        metricSink(name, value)
    }
}
