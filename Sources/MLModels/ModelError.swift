/// A failure to train or run a model, with a stable code for programs and a
/// message for people.
public struct ModelError: Error, Sendable, CustomStringConvertible {
    /// What went wrong. New codes can be added without breaking a caller's `switch`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Sendable {
            case invalidParameter = "invalid parameter"
            case emptyTrainingSet = "empty training set"
            case diverged = "training diverged"
            case tooLarge = "problem too large"
            case commandFailed = "command failed"
            case predictionsMissing = "predictions missing"
            case predictionsShort = "too few predictions"
            case predictionsMalformed = "malformed prediction"
            case fileSystem = "file system"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// A parameter is out of its valid range (negative regularization, zero factors).
        public static let invalidParameter = Code(.invalidParameter)
        /// The training set has no ratings.
        public static let emptyTrainingSet = Code(.emptyTrainingSet)
        /// Training produced a non-finite loss or parameter.
        public static let diverged = Code(.diverged)
        /// The model would need more memory than it allows itself (dense similarity matrices).
        public static let tooLarge = Code(.tooLarge)
        /// An external command exited with a non-zero status or could not start.
        public static let commandFailed = Code(.commandFailed)
        /// An external command did not write its prediction file.
        public static let predictionsMissing = Code(.predictionsMissing)
        /// An external command wrote fewer predictions than rows asked for.
        public static let predictionsShort = Code(.predictionsShort)
        /// A line of an external command's prediction file is not a number.
        public static let predictionsMalformed = Code(.predictionsMalformed)
        /// Reading or writing a work file failed.
        public static let fileSystem = Code(.fileSystem)

        public var description: String { kind.rawValue }
    }

    public var code: Code
    /// The model kind that failed (`mf`, `knn`, `command`...).
    public var model: String
    public var message: String
    /// The underlying error, when there is one (a file-system error, for example).
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, model: String, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.model = model
        self.message = message
        self.cause = cause
    }

    public var description: String {
        var text = "\(model): \(message)"
        if let cause { text += " (\(cause))" }
        return text
    }
}

/// An underlying error kept as its description, so that any error (Sendable or
/// not) can be the cause of a `ModelError`.
public struct UnderlyingError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ error: any Error) { description = String(describing: error) }
}
