/// What the executor reports while it runs; the CLI renders these. The
/// executor itself never prints.
public enum ProgressEvent: Sendable {
    /// Before the first node: how many nodes there are and how many will run.
    case started(total: Int, toRun: Int)
    case nodeStarted(id: String)
    /// A node finished: it ran for `milliseconds`, or its stored result was used.
    case nodeFinished(id: String, milliseconds: Int, cached: Bool)
    /// An input already reported as cached was computed again inside another
    /// node's run, because its stored entry was missing or damaged.
    case nodeRecomputed(id: String, milliseconds: Int)
    /// Sent just before `nodeFinished` of a node that ran again and wrote
    /// the same outputs as before: its dependants keep their results.
    case outputUnchanged(id: String)
    case nodeFailed(id: String, message: String)
    /// Not run because `dependency` failed.
    case nodeSkipped(id: String, dependency: String)
    /// After the last node.
    case finished(succeeded: Bool, cancelled: Bool)
}

/// Receives progress events, from any task.
public typealias ProgressHandler = @Sendable (ProgressEvent) -> Void
