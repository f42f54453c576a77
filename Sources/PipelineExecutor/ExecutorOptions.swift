import Foundation

/// How a graph is planned and run.
public struct ExecutorOptions: Sendable {
    /// How many nodes run at once.
    public var jobs: Int
    /// Go on with everything that does not depend on a failed node.
    public var keepGoing: Bool
    /// Run every node, ignoring stored results (results are still stored).
    public var noCache: Bool
    /// Ids of nodes to run even when their result is stored.
    public var forced: Set<String>
    /// The pipeline's seed; each node's seed is derived from it and the node id.
    public var pipelineSeed: UInt64

    public init(
        jobs: Int = ExecutorOptions.defaultJobs, keepGoing: Bool = false, noCache: Bool = false,
        forced: Set<String> = [], pipelineSeed: UInt64 = 0
    ) {
        self.jobs = max(1, jobs)
        self.keepGoing = keepGoing
        self.noCache = noCache
        self.forced = forced
        self.pipelineSeed = pipelineSeed
    }

    /// The number of active processors.
    public static var defaultJobs: Int {
        max(1, ProcessInfo.processInfo.activeProcessorCount)
    }
}
