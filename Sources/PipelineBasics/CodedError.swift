/// The one shape of the pipeline modules' errors: a stable code that programs
/// match on, a message for people, and the underlying error when there is one.
///
/// A module names its error after itself and declares its codes as a struct
/// over a private enum, so that new codes break no caller's `switch`:
///
///     public typealias GraphError = CodedError<GraphErrorCode>
///     public struct GraphErrorCode: Hashable, Sendable { ... public static let cycle = ... }
///
///     throw GraphError(.cycle, "the graph has a cycle: a -> b -> a")
///     catch let error as GraphError where error.code == .cycle { ... }
public struct CodedError<Code: Hashable & Sendable>: Error, CustomStringConvertible, Sendable {
    public var code: Code
    public var message: String
    /// The error underneath (a model's, the file system's), kept whole so
    /// that callers can still inspect it.
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The message, then the cause in parentheses.
    public var description: String {
        guard let cause else { return message }
        return "\(message) (\(cause))"
    }
}
