/// An error from planning or running a graph.
public struct ExecutorError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable {
        fileprivate enum Kind: Hashable, Sendable {
            case unknownNode, undeclaredDependency, commandFailed, missingOutput, missingDependency, cache, invalidOptions
        }
        fileprivate let kind: Kind

        /// A forced node id names no node of the graph.
        public static let unknownNode = Code(kind: .unknownNode)
        /// A node reads a file that another node writes without taking that node as an input.
        public static let undeclaredDependency = Code(kind: .undeclaredDependency)
        /// A command stage exited with a non-zero status or could not start.
        public static let commandFailed = Code(kind: .commandFailed)
        /// A node did not write a file it declared as an output.
        public static let missingOutput = Code(kind: .missingOutput)
        /// A file a node depends on does not exist.
        public static let missingDependency = Code(kind: .missingDependency)
        /// The cache could not store a result.
        public static let cache = Code(kind: .cache)
        /// An option is out of range (fewer than one job).
        public static let invalidOptions = Code(kind: .invalidOptions)
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
