/// A search-space or strategy problem, with a stable code for programs and a message for people.
public struct TuningError: Error, Sendable, CustomStringConvertible {
    /// What went wrong. New codes can be added without breaking a caller's `switch`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Sendable {
            case invalidSearchSpace = "invalid search space"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// A dimension has bounds out of order, non-positive log bounds or no categories.
        public static let invalidSearchSpace = Code(.invalidSearchSpace)

        public var description: String { kind.rawValue }
    }

    public var code: Code
    public var message: String
    /// The underlying error, when there is one.
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { "\(code): \(message)" }
}
