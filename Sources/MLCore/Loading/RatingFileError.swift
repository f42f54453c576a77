/// A problem with a delimited rating file: what went wrong (`code`), a message
/// for people, and the structured facts behind it so that a caller can attach
/// its own position (a pipeline file's `file:line:column`) and hints.
///
/// `description` is `path:line:column: message`, with only the parts known.
public struct RatingFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem. Wraps a private enum so that new kinds break no
    /// caller's `switch`; compare with `==` against the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable {
            case fileNotFound, unreadableFile, emptyFile, noRatings
            case columnNotFound, columnOutOfRange, invalidOptions
            case badRow, duplicateRating, duplicateID, tooLarge
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The path does not name an existing file.
        public static let fileNotFound = Code(.fileNotFound)
        /// The file exists but could not be read (permissions, a directory, an I/O error).
        public static let unreadableFile = Code(.unreadableFile)
        /// The file has no bytes, or only blank lines.
        public static let emptyFile = Code(.emptyFile)
        /// The file has a header (or only bad rows) but no usable rating row.
        public static let noRatings = Code(.noRatings)
        /// A column chosen by name is not in the header.
        public static let columnNotFound = Code(.columnNotFound)
        /// A column chosen by index is beyond the fields of the first line.
        public static let columnOutOfRange = Code(.columnOutOfRange)
        /// The options contradict each other or the file (for example a name without a header).
        public static let invalidOptions = Code(.invalidOptions)
        /// A row has the wrong field count or a value that cannot be used.
        public static let badRow = Code(.badRow)
        /// The same (user, item) pair appears twice and the policy is `error`.
        public static let duplicateRating = Code(.duplicateRating)
        /// An attribute file lists the same id on two rows.
        public static let duplicateID = Code(.duplicateID)
        /// More ratings, users or items than 32-bit indices can number.
        public static let tooLarge = Code(.tooLarge)

        public var description: String { kind.rawValue }
    }

    public var code: Code
    /// What went wrong, without the location prefix.
    public var message: String
    /// The file as the caller named it.
    public var path: String
    /// 1-based line of the problem, when it concerns a line.
    public var line: Int?
    /// 1-based character column (Unicode scalars from the start of the line).
    public var column: Int?
    /// 1-based field number within the row.
    public var field: Int?
    /// The column role involved, when one is.
    public var role: RatingColumnRole?
    /// For a duplicate: the line where the pair first appears.
    public var firstLine: Int?
    /// How many more rows have the same kind of problem after this one
    /// (bad rows for `badRow`, repeated pairs for `duplicateRating`).
    public var furtherOccurrences: Int
    /// Header names close to a name that was not found.
    public var candidates: [String]

    public init(
        code: Code, message: String, path: String, line: Int? = nil, column: Int? = nil, field: Int? = nil,
        role: RatingColumnRole? = nil, firstLine: Int? = nil, furtherOccurrences: Int = 0, candidates: [String] = []
    ) {
        self.code = code
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.field = field
        self.role = role
        self.firstLine = firstLine
        self.furtherOccurrences = furtherOccurrences
        self.candidates = candidates
    }

    public var description: String {
        var location = path
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return "\(location): \(message)"
    }
}
