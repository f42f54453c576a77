/// Reads explicit ratings from delimited text (CSV, TSV, or any delimiter of
/// one to four ASCII bytes) straight from bytes.
public enum RatingFile {
    /// Loads the file at `path`.
    ///
    /// - Throws: `RatingFileError` for a missing, unreadable or empty file, a
    ///   column that is not there, bad rows (unless `skipBadRows`) and
    ///   duplicate pairs under the `error` policy.
    /// - Complexity: O(bytes + users + items); the file is read into memory whole.
    public static func load(path: String, options: RatingFileOptions = RatingFileOptions()) throws(RatingFileError)
        -> LoadedRatings
    {
        let file = try FileBytes.read(path: path)
        return try parse(file, path: path, options: options)
    }

    /// Parses file contents already in memory; `path` only names them in errors.
    public static func parse(_ contents: [UInt8], path: String, options: RatingFileOptions = RatingFileOptions())
        throws(RatingFileError) -> LoadedRatings
    {
        try parse(FileBytes(copying: contents), path: path, options: options)
    }

    /// As `parse(_:path:options:)` with smaller index limits, to test what happens past them.
    static func parse(_ contents: [UInt8], path: String, options: RatingFileOptions, limits: IndexLimits)
        throws(RatingFileError) -> LoadedRatings
    {
        try parse(FileBytes(copying: contents), path: path, options: options, limits: limits)
    }

    static func parse(_ file: FileBytes, path: String, options: RatingFileOptions, limits: IndexLimits = .thirtyTwoBit)
        throws(RatingFileError) -> LoadedRatings
    {
        let bytes = UnsafePointer(file.base)
        let end = file.count
        let start = end >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0  // UTF-8 byte order mark
        if let scale = options.scale, !(scale.lowerBound.isFinite && scale.upperBound.isFinite) {
            throw RatingFileError(code: .invalidOptions, message: "the rating scale must have finite bounds", path: path)
        }
        let delimiter = options.delimiter ?? DelimiterSniffer.sniff(bytes, from: start, to: end)
        let scanner = DelimitedRecordScanner(bytes: bytes, start: start, end: end, delimiter: delimiter)

        var foundRecord = false
        while scanner.nextRecord() {
            if scanner.isBlankRecord { continue }
            foundRecord = true
            break
        }
        guard foundRecord else { throw RatingFileError(code: .emptyFile, message: "the file is empty", path: path) }
        if scanner.fieldCount >= 64 {  // wider than the default field storage: read the first line again with room
            scanner.reserveFields(scanner.fieldCount + 1)
            scanner.restartRecord()
            _ = scanner.nextRecord()
        }
        let firstFieldCount = scanner.fieldCount
        let hasHeader = firstLineIsHeader(scanner, options: options)
        let header = hasHeader ? (0..<firstFieldCount).map { scanner.fieldText($0, trimSpaces: true) } : nil
        let columns = try resolveColumns(options.columns, header: header, fieldCount: firstFieldCount, path: path)
        scanner.reserveFields(firstFieldCount + 1)

        let dataStart =
            hasHeader
            ? (offset: scanner.position, line: scanner.nextLine) : (offset: scanner.recordStart, line: scanner.recordLine)
        var reader = RatingRowReader(
            path: path, columns: columns, expectedFields: firstFieldCount, scale: options.scale,
            trimSpaces: delimiter.bytes.first != UInt8(ascii: " "), keepsSkippedLines: options.skipBadRows, limits: limits)
        if !hasHeader { reader.read(scanner) }
        while scanner.nextRecord() {
            if !scanner.isBlankRecord { reader.read(scanner) }
            if let fatal = reader.fatal { throw fatal }
        }

        let firstSkippedRow = try reader.badRowSummary(
            skipBadRows: options.skipBadRows, whenEmpty: "the file has a header but no rating rows")

        let userIDs = reader.userTable.names()
        let itemIDs = reader.itemTable.names()
        let skippedLines = reader.skippedLines
        let merged = try reader.resolveDuplicates(policy: options.duplicates, userIDs: userIDs, itemIDs: itemIDs) { rows in
            lines(
                ofRows: rows, bytes: bytes, start: dataStart.offset, line: dataStart.line, end: end, delimiter: delimiter,
                skippedLines: skippedLines)
        }
        return reader.loaded(
            userIDs: userIDs, itemIDs: itemIDs, options: options, header: header, delimiter: delimiter,
            firstSkippedRow: firstSkippedRow, mergedDuplicates: merged)
    }

    /// With `auto`, a header is assumed when any column is chosen by name or
    /// when the first line's rating field is not a number.
    static func firstLineIsHeader(_ scanner: DelimitedRecordScanner, options: RatingFileOptions) -> Bool {
        switch options.header {
        case .present: return true
        case .absent: return false
        case .auto:
            var ratingIndex = 2
            for (_, selector) in options.columns.selected {
                if case .name = selector { return true }
            }
            if case .index(let index) = options.columns.rating { ratingIndex = index }
            guard ratingIndex >= 0, ratingIndex < scanner.fieldCount else { return false }
            let field = scanner.field(ratingIndex, trimSpaces: true)
            return DecimalParser.parse(field.base, from: field.start, to: field.end) == nil
        }
    }

    /// The 1-based lines of rating rows, found by reading the records again
    /// (rows are the non-blank records after the header, minus skipped bad
    /// ones), so that no line number is stored per row.
    private static func lines(
        ofRows rows: [Int], bytes: UnsafePointer<UInt8>, start: Int, line: Int, end: Int, delimiter: Delimiter,
        skippedLines: [Int]
    ) -> [Int] {
        let scanner = DelimitedRecordScanner(bytes: bytes, start: start, end: end, delimiter: delimiter, firstLine: line)
        var found = [Int](repeating: 0, count: rows.count)
        let last = rows.max() ?? -1
        var row = 0, nextSkipped = 0
        while row <= last, scanner.nextRecord() {
            if scanner.isBlankRecord { continue }
            if nextSkipped < skippedLines.count, skippedLines[nextSkipped] == scanner.recordLine {
                nextSkipped += 1
                continue
            }
            for (position, wanted) in rows.enumerated() where wanted == row { found[position] = scanner.recordLine }
            row += 1
        }
        return found
    }

    static func inferredScale(_ values: [Double]) -> ClosedRange<Double> {
        var lowest = Double.infinity, highest = -Double.infinity
        for value in values {
            lowest = min(lowest, value)
            highest = max(highest, value)
        }
        return lowest...highest
    }
}
