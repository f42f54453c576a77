/// How an attribute column turns into features.
public enum AttributeEncoding: Sendable, Hashable {
    /// One feature per distinct value.
    case categorical
    /// One feature whose value is the number, standardised over the file.
    case numeric
    /// Several values in one field, split at `separator`; a feature per value.
    case multiValued(separator: String)
}

/// One attribute: its name in pipeline files, its column and its encoding.
public struct AttributeColumn: Sendable, Hashable {
    public var name: String
    public var column: ColumnSelector
    public var encoding: AttributeEncoding

    public init(name: String, column: ColumnSelector, encoding: AttributeEncoding) {
        self.name = name
        self.column = column
        self.encoding = encoding
    }
}

/// How to read an attribute file: a header line is required when columns are chosen by name.
public struct AttributeFileOptions: Sendable, Hashable {
    /// Sniffed from the file when nil.
    public var delimiter: Delimiter?
    public var header: Bool
    public var id: ColumnSelector
    public var attributes: [AttributeColumn]

    public init(delimiter: Delimiter? = nil, header: Bool = true, id: ColumnSelector, attributes: [AttributeColumn]) {
        self.delimiter = delimiter
        self.header = header
        self.id = id
        self.attributes = attributes
    }
}
