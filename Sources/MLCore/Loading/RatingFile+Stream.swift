#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension RatingFile {
    /// Loads a sample of the file at `path` in one pass, reading it in pieces of
    /// about `pieceBytes`: the whole file is never in memory, only one piece and
    /// the rows `sampling` keeps. Rows are checked as `load` checks them (bad
    /// rows, `file:line:column`); duplicates are resolved among the kept rows.
    /// Deterministic for a `seed`.
    public static func load(
        path: String, options: RatingFileOptions = RatingFileOptions(), sampling: StreamSampling, seed: UInt64,
        pieceBytes: Int = 8 << 20
    ) throws(RatingFileError) -> LoadedRatings {
        if let scale = options.scale, !(scale.lowerBound.isFinite && scale.upperBound.isFinite) {
            throw RatingFileError(code: .invalidOptions, message: "the rating scale must have finite bounds", path: path)
        }
        let file = try PieceReader(path: path, pieceBytes: max(pieceBytes, 64))
        defer { file.close() }
        guard try file.fill() else { throw RatingFileError(code: .emptyFile, message: "the file is empty", path: path) }

        // The first piece: byte order mark, delimiter, header, columns.
        var bytes = UnsafePointer(file.buffer)
        let bom = file.filled >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        let delimiter = options.delimiter ?? DelimiterSniffer.sniff(bytes, from: bom, to: file.cut)
        var scanner = DelimitedRecordScanner(bytes: bytes, start: bom, end: file.cut, delimiter: delimiter)
        var foundRecord = false
        while scanner.nextRecord() {
            if scanner.isBlankRecord { continue }
            foundRecord = true
            break
        }
        guard foundRecord else { throw RatingFileError(code: .emptyFile, message: "the file is empty", path: path) }
        if scanner.fieldCount >= 64 {
            scanner.reserveFields(scanner.fieldCount + 1)
            scanner.restartRecord()
            _ = scanner.nextRecord()
        }
        let fieldCount = scanner.fieldCount
        let hasHeader = firstLineIsHeader(scanner, options: options)
        let header = hasHeader ? (0..<fieldCount).map { scanner.fieldText($0, trimSpaces: true) } : nil
        let columns = try resolveColumns(options.columns, header: header, fieldCount: fieldCount, path: path)
        var reader = RatingRowReader(
            path: path, columns: columns, expectedFields: fieldCount, scale: options.scale,
            trimSpaces: delimiter.bytes.first != UInt8(ascii: " "), keepsSkippedLines: false)
        reader.sampler = RowSampler(sampling, seed: seed)
        if !hasHeader { reader.read(scanner) }

        // Every piece: the records that end in it; a record cut by the piece's end waits for the next.
        while true {
            var carryFrom = file.cut
            while scanner.nextRecord() {
                if scanner.quoteProblem != nil, scanner.position >= file.cut, !file.atEnd {
                    // A quoted field with a line break, cut by the piece's end.
                    carryFrom = scanner.recordStart
                    break
                }
                if !scanner.isBlankRecord { reader.read(scanner) }
                if let fatal = reader.fatal { throw fatal }
            }
            let line = carryFrom == file.cut ? scanner.nextLine : scanner.recordLine
            guard try file.advance(keepingFrom: carryFrom) else { break }
            bytes = UnsafePointer(file.buffer)
            scanner = DelimitedRecordScanner(bytes: bytes, start: 0, end: file.cut, delimiter: delimiter, firstLine: line)
            scanner.reserveFields(fieldCount + 1)
        }

        let firstSkippedRow = try reader.badRowSummary(
            skipBadRows: options.skipBadRows, whenEmpty: "the sample holds no rating rows")
        reader.sortKeptRowsByLine()
        let userIDs = reader.userTable.names()
        let itemIDs = reader.itemTable.names()
        let lines = reader.rowLines
        let merged = try reader.resolveDuplicates(policy: options.duplicates, userIDs: userIDs, itemIDs: itemIDs) { rows in
            rows.map { lines[$0] }
        }
        return reader.loaded(
            userIDs: userIDs, itemIDs: itemIDs, options: options, header: header, delimiter: delimiter,
            firstSkippedRow: firstSkippedRow, mergedDuplicates: merged)
    }
}

/// A file read piece by piece into one buffer: `buffer[0..<cut]` holds whole
/// lines (up to the last line break, or everything at the end of the file),
/// and what follows the cut is moved to the front before the next read.
final class PieceReader {
    private(set) var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var filled = 0
    private(set) var cut = 0
    private(set) var atEnd = false
    private let descriptor: Int32
    private let path: String

    init(path: String, pieceBytes: Int) throws(RatingFileError) {
        self.path = path
        descriptor = open(path, O_RDONLY)
        if descriptor < 0 {
            let reason = errno
            if reason == ENOENT || reason == ENOTDIR {
                throw RatingFileError(code: .fileNotFound, message: "file not found", path: path)
            }
            throw RatingFileError(code: .unreadableFile, message: "cannot open the file: \(Self.describe(reason))", path: path)
        }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            Glibc.close(descriptor)
            throw RatingFileError(code: .unreadableFile, message: "is a directory, not a file", path: path)
        }
        capacity = pieceBytes
        buffer = .allocate(capacity: capacity + 1)
    }

    deinit { buffer.deallocate() }

    func close() { _ = Glibc.close(descriptor) }

    /// Reads until the buffer is full or the file ends, and sets the cut; false when nothing is left.
    func fill() throws(RatingFileError) -> Bool {
        while true {
            while filled < capacity && !atEnd {
                let got = read(descriptor, buffer + filled, capacity - filled)
                if got < 0 {
                    if errno == EINTR { continue }
                    throw RatingFileError(
                        code: .unreadableFile, message: "cannot read the file: \(Self.describe(errno))", path: path)
                }
                if got == 0 { atEnd = true } else { filled += got }
            }
            buffer[filled] = 0
            if atEnd {
                cut = filled
                return filled > 0
            }
            var last = filled - 1
            while last >= 0 && buffer[last] != UInt8(ascii: "\n") { last -= 1 }
            if last >= 0 {
                cut = last + 1
                return true
            }
            grow()  // a line longer than the buffer
        }
    }

    /// Moves the bytes from `offset` to the front and reads on; false at the end of the file.
    func advance(keepingFrom offset: Int) throws(RatingFileError) -> Bool {
        let kept = filled - offset
        if kept > 0 && offset > 0 { (buffer).update(from: buffer + offset, count: kept) }
        filled = max(kept, 0)
        if atEnd && filled == 0 { return false }
        if offset == 0 && !atEnd { grow() }  // nothing was consumed: a record longer than the buffer
        return try fill() && (filled > 0)
    }

    private func grow() {
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2 + 1)
        larger.update(from: buffer, count: filled)
        buffer.deallocate()
        buffer = larger
        capacity *= 2
    }

    private static func describe(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
