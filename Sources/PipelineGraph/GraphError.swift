/// A graph that cannot be built.
public struct GraphError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable {
        fileprivate enum Kind: Hashable, Sendable { case duplicateNode, unknownInput, cycle }
        fileprivate let kind: Kind
        public static let duplicateNode = Code(kind: .duplicateNode)
        public static let unknownInput = Code(kind: .unknownInput)
        public static let cycle = Code(kind: .cycle)
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
