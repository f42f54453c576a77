import PipelineBasics

/// Why a pipeline step cannot be built or run. A failure underneath (a
/// model's, a data file's) travels as the `cause`.
public typealias StageError = CodedError<StageErrorCode>

/// What kind of step failed.
public struct StageErrorCode: Hashable, Sendable {
    private enum Kind: Hashable, Sendable { case data, model, evaluation, report }
    private let kind: Kind
    private init(_ kind: Kind) { self.kind = kind }

    /// Missing, unreadable or malformed data.
    public static let data = Self(.data)
    /// A model failed to train or predict.
    public static let model = Self(.model)
    /// Metrics could not be computed.
    public static let evaluation = Self(.evaluation)
    /// The report could not be written.
    public static let report = Self(.report)
}
