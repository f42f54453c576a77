/// Why a pipeline step cannot be built or run.
public struct StageError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable {
        fileprivate enum Kind: Hashable, Sendable { case unsupported, data, model, evaluation, report }
        fileprivate let kind: Kind
        public static let unsupported = Code(kind: .unsupported)
        /// Missing, unreadable or malformed data.
        public static let data = Code(kind: .data)
        /// A model failed to train or predict.
        public static let model = Code(kind: .model)
        public static let evaluation = Code(kind: .evaluation)
        public static let report = Code(kind: .report)
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
