/// A place in a source file: 1-based line and column.
///
/// Every value that comes out of a pipeline file carries one, so that any
/// later pass can point back at the text the user wrote.
public struct SourcePosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A position for values that did not come from a file (defaults, generated specs).
    public static let unknown = SourcePosition(file: "", line: 0, column: 0)

    public var isKnown: Bool { line > 0 }

    public var description: String {
        isKnown ? "\(file):\(line):\(column)" : (file.isEmpty ? "<unknown>" : file)
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
