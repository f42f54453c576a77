/// A request that MLCore cannot honour: a parameter out of range, data
/// lacking what a method needs, or an unknown name. `parameter` names the
/// offending setting (as the caller spelled it in `init`s and options) so a
/// pipeline layer can point at its own source position.
public struct MLCoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem; wraps a private enum so new kinds break no caller's `switch`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable {
            case invalidParameter, missingTimes, missingGroups, unknownGroup, unknownMetric, emptyInput, invalidEncoding
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// A number outside its allowed range (a fraction not in (0, 1), k < 1, ...).
        public static let invalidParameter = Code(.invalidParameter)
        /// The method needs rating times and the data has none.
        public static let missingTimes = Code(.missingTimes)
        /// The `given` split needs a group per rating and none was supplied.
        public static let missingGroups = Code(.missingGroups)
        /// A group name that is not among the data's groups.
        public static let unknownGroup = Code(.unknownGroup)
        /// A metric name that is not recognised.
        public static let unknownMetric = Code(.unknownMetric)
        /// Nothing to work on (no test ratings to evaluate, no folds to summarise).
        public static let emptyInput = Code(.emptyInput)
        /// Bytes that are not a valid encoding (a truncated or corrupted cache entry).
        public static let invalidEncoding = Code(.invalidEncoding)

        public var description: String { kind.rawValue }
    }

    public var code: Code
    public var message: String
    /// The setting at fault (`fraction`, `folds`, `k`, ...), when there is one.
    public var parameter: String?
    /// Close valid names, for "did you mean".
    public var candidates: [String]

    public init(code: Code, message: String, parameter: String? = nil, candidates: [String] = []) {
        self.code = code
        self.message = message
        self.parameter = parameter
        self.candidates = candidates
    }

    public var description: String { message }

    static func invalid(_ parameter: String, _ message: String) -> MLCoreError {
        MLCoreError(code: .invalidParameter, message: message, parameter: parameter)
    }

    /// Fails unless `value` is strictly between 0 and 1; `label` names it in the message.
    static func checkFraction(_ value: Double, parameter: String, label: String) throws(MLCoreError) {
        guard value > 0, value < 1 else {
            throw invalid(parameter, "\(label) must be between 0 and 1 (exclusive), got \(formatNumber(value))")
        }
    }
}
