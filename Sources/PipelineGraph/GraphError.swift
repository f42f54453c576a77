import PipelineBasics

/// A graph that cannot be built.
public typealias GraphError = CodedError<GraphErrorCode>

/// Why a graph cannot be built.
public struct GraphErrorCode: Hashable, Sendable {
    private enum Kind: Hashable, Sendable { case duplicateNode, unknownInput, cycle, notExportable }
    private let kind: Kind
    private init(_ kind: Kind) { self.kind = kind }

    /// Two nodes have one id.
    public static let duplicateNode = Self(.duplicateNode)
    /// A node takes an input that is not a node.
    public static let unknownInput = Self(.unknownInput)
    /// The inputs go round in a circle; the message names its path.
    public static let cycle = Self(.cycle)
    /// The pipeline has no single model or combination to export.
    public static let notExportable = Self(.notExportable)
}
