import PipelineBasics

/// An error from planning or running a graph.
public typealias ExecutorError = CodedError<ExecutorErrorCode>

/// What went wrong while planning or running a graph.
public struct ExecutorErrorCode: Hashable, Sendable {
    private enum Kind: Hashable, Sendable {
        case unknownNode, undeclaredDependency, commandFailed, missingOutput, missingDependency, cache, invalidOptions
        case outOfMemory
    }
    private let kind: Kind
    private init(_ kind: Kind) { self.kind = kind }

    /// A forced node id names no node of the graph.
    public static let unknownNode = Self(.unknownNode)
    /// A node reads a file that another node writes without taking that node as an input.
    public static let undeclaredDependency = Self(.undeclaredDependency)
    /// A command stage exited with a non-zero status or could not start.
    public static let commandFailed = Self(.commandFailed)
    /// A node did not write a file it declared as an output.
    public static let missingOutput = Self(.missingOutput)
    /// A file a node depends on does not exist.
    public static let missingDependency = Self(.missingDependency)
    /// The cache could not store a result.
    public static let cache = Self(.cache)
    /// An option is out of range (fewer than one job).
    public static let invalidOptions = Self(.invalidOptions)
    /// A node needs more memory than the run may use (`--memory`): refused before it starts.
    public static let outOfMemory = Self(.outOfMemory)
}
