import Foundation
import PipelineBasics

/// How a graph is planned and run. The command line fills it once
/// (`mass run --jobs 4 --keep-going`); the planner and the scheduler read it.
public struct ExecutorOptions: Sendable {
    /// How many nodes run at once: at least 1.
    public private(set) var jobs: Int
    /// Go on with everything that does not depend on a failed node.
    public var keepGoing: Bool
    /// Run every node, ignoring stored results (results are still stored).
    public var noCache: Bool
    /// Ids of nodes to run even when their result is stored.
    public var forced: Set<String>
    /// The pipeline's seed; each node's seed is derived from it and the node id.
    public var pipelineSeed: UInt64
    /// Bytes the nodes running at once may hold together (`--memory`); `nil` for the memory
    /// the machine has available when the run starts.
    public var memoryBudget: Int?
    /// How long a fit runs before it starts keeping checkpoints (`MASS_CHECKPOINT_AFTER` seconds).
    public var checkpointAfter: Duration = .seconds(60)

    /// Options with one job per core.
    public init(keepGoing: Bool = false, noCache: Bool = false, forced: Set<String> = [], pipelineSeed: UInt64 = 0) {
        self.jobs = Self.defaultJobs
        self.keepGoing = keepGoing
        self.noCache = noCache
        self.forced = forced
        self.pipelineSeed = pipelineSeed
    }

    /// Options with `jobs` nodes at once (`nil`: one per core).
    /// - Throws: `ExecutorError` with code `.invalidOptions` when `jobs` is below 1.
    public init(
        jobs: Int?, keepGoing: Bool = false, noCache: Bool = false, forced: Set<String> = [], pipelineSeed: UInt64 = 0
    ) throws(ExecutorError) {
        self.init(keepGoing: keepGoing, noCache: noCache, forced: forced, pipelineSeed: pipelineSeed)
        guard let jobs else { return }
        guard jobs >= 1 else { throw ExecutorError(.invalidOptions, "jobs must be at least 1, found \(jobs)") }
        self.jobs = jobs
    }

    /// The number of active processors.
    public static var defaultJobs: Int {
        max(1, ProcessInfo.processInfo.activeProcessorCount)
    }
}

extension ExecutorOptions {
    /// The memory the run may use: `--memory`, else what the kernel reports as available.
    public var effectiveMemoryBudget: Int { memoryBudget ?? MemorySize.available ?? Int.max }
}
