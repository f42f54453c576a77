import ArtifactCache
import Foundation
import PipelineGraph

/// The result of a run.
public struct RunReport: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// The operation ran (or was recomputed because its stored result was damaged).
        case executed(milliseconds: Int)
        case cached
        /// Under `--keep-going`, it ran on the inputs that exist (some failed):
        /// its result is partial, and neither stored nor recorded in the lock.
        case partial(milliseconds: Int)
        case failed(message: String)
        /// Not run because this node (an ancestor) failed.
        case skipped(dependency: String)
        /// Not started: the run stopped after a failure or was cancelled.
        case notStarted
    }

    /// Every node's outcome, by id.
    public var outcomes: [String: Outcome]
    /// The lock file as written at the end of the run.
    public var lock: LockFile
    /// Artifacts of the graph's sinks (nodes nothing depends on) that are available.
    public var artifacts: [String: Artifact]
    public var wasCancelled: Bool
    /// Set when the lock file could not be written.
    public var lockWriteError: String?

    public var succeeded: Bool {
        !wasCancelled
            && outcomes.values.allSatisfy { outcome in
                switch outcome {
                case .executed, .cached: true
                default: false
                }
            }
    }

    /// Ids of the nodes whose operation actually ran.
    public var executedNodes: [String] {
        outcomes.compactMap { id, outcome in
            if case .executed = outcome { return id }
            return nil
        }.sorted()
    }

    /// Ids of the nodes that ran on partial inputs.
    public var partialNodes: [String] {
        outcomes.compactMap { id, outcome in
            if case .partial = outcome { return id }
            return nil
        }.sorted()
    }

    public var failedNodes: [String] {
        outcomes.compactMap { id, outcome in
            if case .failed = outcome { return id }
            return nil
        }.sorted()
    }
}

extension RunReport {
    /// The run record of this run: every node's outcome and how long it ran.
    func record(lockFile: String, milliseconds: Int) -> RunRecord {
        let entries = outcomes.map { id, outcome -> RunRecord.Entry in
            switch outcome {
            case .executed(let ms): RunRecord.Entry(id: id, outcome: "ran", milliseconds: ms)
            case .cached: RunRecord.Entry(id: id, outcome: "cached", milliseconds: 0)
            case .partial(let ms): RunRecord.Entry(id: id, outcome: "partial", milliseconds: ms)
            case .failed: RunRecord.Entry(id: id, outcome: "failed", milliseconds: 0)
            case .skipped: RunRecord.Entry(id: id, outcome: "skipped", milliseconds: 0)
            case .notStarted: RunRecord.Entry(id: id, outcome: "not-started", milliseconds: 0)
            }
        }
        return RunRecord(
            lockFile: lockFile, finished: Int(Date().timeIntervalSince1970), milliseconds: milliseconds, nodes: entries)
    }
}
