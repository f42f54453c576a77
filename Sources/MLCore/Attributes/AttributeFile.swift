/// Reads an attribute file (`data: {users: {path, id, attributes}}`): one
/// row per user or item, an id column and attribute columns. Errors carry
/// the file's line and field, as rating files' do.
public enum AttributeFile {
    public static func load(path: String, options: AttributeFileOptions) throws(RatingFileError) -> AttributeTable {
        try parse(FileBytes.read(path: path), path: path, options: options)
    }

    /// Parses a file's contents (tests, and callers that already hold the bytes).
    public static func parse(_ contents: [UInt8], path: String, options: AttributeFileOptions) throws(RatingFileError)
        -> AttributeTable
    {
        try parse(FileBytes(copying: contents), path: path, options: options)
    }

    static func parse(_ file: FileBytes, path: String, options: AttributeFileOptions) throws(RatingFileError)
        -> AttributeTable
    {
        let bytes = UnsafePointer(file.base), end = file.count
        let delimiter = options.delimiter ?? DelimiterSniffer.sniff(bytes, from: 0, to: end)
        let scanner = DelimitedRecordScanner(bytes: bytes, start: 0, end: end, delimiter: delimiter)
        var sawRecord = false
        while !sawRecord, scanner.nextRecord() { sawRecord = !scanner.isBlankRecord }
        guard sawRecord else { throw RatingFileError(code: .emptyFile, message: "the file is empty", path: path) }
        scanner.reserveFields(scanner.fieldCount + 1)
        scanner.restartRecord()
        _ = scanner.nextRecord()
        let fieldCount = scanner.fieldCount
        let header = options.header ? (0..<fieldCount).map { scanner.fieldText($0, trimSpaces: true) } : nil
        let idColumn = try column(options.id, named: "id", header: header, fieldCount: fieldCount, path: path)
        let columns = try options.attributes.map { attribute throws(RatingFileError) in
            try column(
                attribute.column, named: "attribute '\(attribute.name)'", header: header, fieldCount: fieldCount, path: path)
        }
        var builder = AttributeTableBuilder(attributes: options.attributes)
        if !options.header { try builder.read(scanner, idColumn: idColumn, columns: columns, fieldCount: fieldCount, path: path) }
        while scanner.nextRecord() {
            if scanner.isBlankRecord { continue }
            try builder.read(scanner, idColumn: idColumn, columns: columns, fieldCount: fieldCount, path: path)
        }
        guard !builder.ids.isEmpty else {
            throw RatingFileError(code: .noRatings, message: "the file has a header but no rows", path: path)
        }
        return builder.table()
    }

    /// A column's position: by index, or by header name (exactly, or the
    /// part before a `:` as in RecBole's `age:token`).
    private static func column(
        _ selector: ColumnSelector, named what: String, header: [String]?, fieldCount: Int, path: String
    ) throws(RatingFileError) -> Int {
        switch selector {
        case .index(let index):
            guard index >= 0, index < fieldCount else {
                throw RatingFileError(
                    code: .columnOutOfRange,
                    message: "the \(what) column index \(index) is out of range: rows have \(fieldCount) fields", path: path,
                    line: 1)
            }
            return index
        case .name(let name):
            guard let header else {
                throw RatingFileError(
                    code: .invalidOptions,
                    message: "the \(what) column is chosen by name (\"\(name)\") but the file has no header",
                    path: path)
            }
            if let exact = header.firstIndex(of: name) { return exact }
            let byBaseName = header.indices.filter { header[$0].split(separator: ":").first.map(String.init) == name }
            if byBaseName.count == 1 { return byBaseName[0] }
            let candidates = RatingFile.closeNames(to: name, in: header)
            var message = "the \(what) column \"\(name)\" is not in the header"
            message +=
                candidates.isEmpty
                ? " (columns: \(header.joined(separator: ", ")))"
                : "; did you mean " + candidates.map { "\"\($0)\"" }.joined(separator: " or ") + "?"
            throw RatingFileError(code: .columnNotFound, message: message, path: path, line: 1, candidates: candidates)
        }
    }
}

/// Collects rows into an `AttributeTable`: features numbered as first seen,
/// numeric values standardised once every row is read.
private struct AttributeTableBuilder {
    let attributes: [AttributeColumn]
    var ids: [String] = []
    var lineOfID: [String: Int] = [:]
    var offsets = [0]
    var features: [Int32] = []
    var values: [Float] = []
    var featureOfName: [String: Int32] = [:]
    var featureNames: [String] = []
    var featureAttributes: [Int32] = []
    /// Per numeric attribute's feature: the raw values' positions in `values`.
    var numericPositions: [Int32: [Int]] = [:]

    init(attributes: [AttributeColumn]) {
        self.attributes = attributes
        // Numeric attributes are features of their own whether or not a row has a value.
        for (index, attribute) in attributes.enumerated() where attribute.encoding == .numeric {
            _ = feature(attribute.name, attribute: index)
        }
    }

    mutating func feature(_ name: String, attribute: Int) -> Int32 {
        if let known = featureOfName[name] { return known }
        let number = Int32(featureNames.count)
        featureOfName[name] = number
        featureNames.append(name)
        featureAttributes.append(Int32(attribute))
        return number
    }

    mutating func read(_ scanner: DelimitedRecordScanner, idColumn: Int, columns: [Int], fieldCount: Int, path: String)
        throws(RatingFileError)
    {
        let line = scanner.recordLine
        guard scanner.fieldCount == fieldCount else {
            throw RatingFileError(
                code: .badRow, message: "the row has \(scanner.fieldCount) fields, the first row \(fieldCount)", path: path,
                line: line)
        }
        let id = scanner.fieldText(idColumn, trimSpaces: true)
        guard !id.isEmpty else {
            throw RatingFileError(code: .badRow, message: "the id is empty", path: path, line: line, field: idColumn + 1)
        }
        if let first = lineOfID[id] {
            throw RatingFileError(
                code: .duplicateID, message: "id \"\(id)\" is listed twice", path: path, line: line, field: idColumn + 1,
                firstLine: first)
        }
        lineOfID[id] = line
        ids.append(id)
        for (attribute, column) in zip(attributes.indices, columns) {
            let declared = attributes[attribute]
            let text = scanner.fieldText(column, trimSpaces: true)
            if text.isEmpty { continue }  // a missing value: no feature
            switch declared.encoding {
            case .categorical:
                features.append(feature("\(declared.name)=\(text)", attribute: attribute))
                values.append(1)
            case .numeric:
                guard let number = Double(text), number.isFinite else {
                    throw RatingFileError(
                        code: .badRow, message: "attribute '\(declared.name)' is numeric, found \"\(text)\"", path: path,
                        line: line, field: column + 1)
                }
                let number32 = Float(number)
                let feature = feature(declared.name, attribute: attribute)
                numericPositions[feature, default: []].append(values.count)
                features.append(feature)
                values.append(number32)
            case .multiValued(let separator):
                let tokens = Set(text.split(separator: separator).map { $0.trimmingSpaces }.filter { !$0.isEmpty })
                    .sorted()
                for token in tokens {
                    features.append(feature("\(declared.name)=\(token)", attribute: attribute))
                    values.append(1 / Float(tokens.count))
                }
            }
        }
        offsets.append(features.count)
    }

    /// Each numeric feature as (x − mean) / standard deviation over the rows that have it.
    func table() -> AttributeTable {
        var values = values
        for positions in numericPositions.values {
            let count = Double(positions.count)
            let mean = positions.reduce(0.0) { $0 + Double(values[$1]) } / count
            let variance = positions.reduce(0.0) { $0 + (Double(values[$1]) - mean) * (Double(values[$1]) - mean) } / count
            let deviation = variance > 0 ? variance.squareRoot() : 1
            for position in positions { values[position] = Float((Double(values[position]) - mean) / deviation) }
        }
        return AttributeTable(
            ids: ids, offsets: offsets, features: features, values: values, featureNames: featureNames,
            featureAttributes: featureAttributes, attributes: attributes.map(\.name))
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
