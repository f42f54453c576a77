/// Splits bytes into records and fields: a delimiter of 1–4 bytes, `\n` or `\r\n`
/// line ends, RFC 4180 quoting (a quoted field may hold delimiters, line
/// breaks and doubled quotes). Fields are offsets into the buffer; no string
/// is built unless a caller asks for one.
final class DelimitedRecordScanner {
    let bytes: UnsafePointer<UInt8>
    let end: Int
    /// The delimiter's first byte, and the bytes after it (empty for one-byte delimiters).
    let delimiter: UInt8
    private let delimiterTail: [UInt8]

    /// Where the next record starts, and its 1-based line number.
    private(set) var position: Int
    private(set) var nextLine = 1

    // The current record.
    private(set) var recordStart = 0
    private(set) var recordLine = 1
    /// Offset of the current record's line end (or of the end of the data).
    private(set) var recordEnd = 0
    /// All fields of the record, even those beyond `capacity` (which are not stored).
    private(set) var fieldCount = 0
    /// A broken quote in the current record: where it is and which field.
    private(set) var quoteProblem: (offset: Int, field: Int, message: String)?

    private var capacity: Int
    private var fieldStarts: UnsafeMutablePointer<Int>
    private var fieldEnds: UnsafeMutablePointer<Int>
    private var fieldQuoted: UnsafeMutablePointer<Bool>
    private var fieldEscaped: UnsafeMutablePointer<Bool>
    /// Holds an unescaped quoted field; reused by the next call to `field`.
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity = 256

    init(bytes: UnsafePointer<UInt8>, start: Int, end: Int, delimiter: Delimiter, firstLine: Int = 1, fieldCapacity: Int = 64) {
        nextLine = firstLine
        self.bytes = bytes
        self.end = end
        self.delimiter = delimiter.bytes[0]
        delimiterTail = Array(delimiter.bytes.dropFirst())
        position = start
        capacity = fieldCapacity
        fieldStarts = .allocate(capacity: fieldCapacity)
        fieldEnds = .allocate(capacity: fieldCapacity)
        fieldQuoted = .allocate(capacity: fieldCapacity)
        fieldEscaped = .allocate(capacity: fieldCapacity)
        scratch = .allocate(capacity: scratchCapacity)
    }

    deinit {
        fieldStarts.deallocate()
        fieldEnds.deallocate()
        fieldQuoted.deallocate()
        fieldEscaped.deallocate()
        scratch.deallocate()
    }

    /// Makes room to store at least `count` fields per record.
    func reserveFields(_ count: Int) {
        guard count > capacity else { return }
        fieldStarts.deallocate()
        fieldEnds.deallocate()
        fieldQuoted.deallocate()
        fieldEscaped.deallocate()
        capacity = count
        fieldStarts = .allocate(capacity: count)
        fieldEnds = .allocate(capacity: count)
        fieldQuoted = .allocate(capacity: count)
        fieldEscaped = .allocate(capacity: count)
    }

    /// A line with nothing on it (or only `\r`).
    var isBlankRecord: Bool { fieldCount == 1 && !fieldQuoted[0] && fieldStarts[0] == fieldEnds[0] }

    /// Reads the next record; `false` at the end of the data.
    func nextRecord() -> Bool {
        guard position < end else { return false }
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        recordStart = position
        recordLine = nextLine
        fieldCount = 0
        quoteProblem = nil
        var i = position
        while true {
            let start = i
            var contentStart = i, contentEnd = i, quoted = false, escaped = false
            if i < end, bytes[i] == quote {
                quoted = true
                contentStart = i + 1
                var j = i + 1, closed = false
                while j < end {
                    let byte = bytes[j]
                    if byte == quote {
                        if j + 1 < end, bytes[j + 1] == quote { escaped = true; j += 2; continue }
                        closed = true
                        break
                    }
                    if byte == newline { nextLine += 1 }
                    j += 1
                }
                contentEnd = j
                if !closed {
                    noteQuoteProblem(offset: start, message: "the quoted field is not closed")
                    i = end
                } else {
                    i = j + 1
                    if i < end, bytes[i] == carriageReturn, i + 1 == end || bytes[i + 1] == newline { i += 1 }
                    if i < end, !isDelimiter(at: i), bytes[i] != newline {
                        noteQuoteProblem(offset: i, message: "unexpected text after a closing quote")
                        while i < end, bytes[i] != newline { i += 1 }
                    }
                }
            } else {
                while i < end {
                    let byte = bytes[i]
                    if byte == newline || (byte == delimiter && (delimiterTail.isEmpty || isDelimiter(at: i))) { break }
                    i += 1
                }
                contentEnd = i
                if contentEnd > start, bytes[contentEnd - 1] == carriageReturn, i == end || bytes[i] == newline {
                    contentEnd -= 1
                }
            }
            if fieldCount < capacity {
                fieldStarts[fieldCount] = contentStart
                fieldEnds[fieldCount] = contentEnd
                fieldQuoted[fieldCount] = quoted
                fieldEscaped[fieldCount] = escaped
            }
            fieldCount += 1
            if i < end, isDelimiter(at: i) {
                i += 1 + delimiterTail.count
                continue
            }
            recordEnd = i > recordStart && i <= end && bytes[i - 1] == carriageReturn ? i - 1 : i
            if i < end {  // at a newline
                i += 1
                nextLine += 1
            }
            break
        }
        position = i
        return true
    }

    /// Whether the whole delimiter starts at offset `i` (< `end`).
    private func isDelimiter(at i: Int) -> Bool {
        guard bytes[i] == delimiter else { return false }
        guard !delimiterTail.isEmpty else { return true }
        guard i + delimiterTail.count < end else { return false }
        for (offset, byte) in delimiterTail.enumerated() where bytes[i + 1 + offset] != byte { return false }
        return true
    }

    /// Makes the next `nextRecord` read the current record again.
    func restartRecord() {
        position = recordStart
        nextLine = recordLine
    }

    private func noteQuoteProblem(offset: Int, message: String) {
        if quoteProblem == nil { quoteProblem = (offset, fieldCount, message) }
    }

    /// Offset where field `index` begins in the line (its opening quote, if quoted).
    func fieldOffset(_ index: Int) -> Int {
        fieldQuoted[index] ? fieldStarts[index] - 1 : fieldStarts[index]
    }

    /// The bytes of field `index` (0-based, below `capacity`), unquoted and
    /// with doubled quotes undone. Unquoted fields lose surrounding spaces when
    /// `trimSpaces`. An unescaped field may point into a scratch buffer that
    /// the next call reuses.
    func field(_ index: Int, trimSpaces: Bool) -> (base: UnsafePointer<UInt8>, start: Int, end: Int) {
        var start = fieldStarts[index], stop = fieldEnds[index]
        if fieldEscaped[index] {
            if stop - start > scratchCapacity {
                scratch.deallocate()
                scratchCapacity = stop - start
                scratch = .allocate(capacity: scratchCapacity)
            }
            var i = start, length = 0
            while i < stop {
                scratch[length] = bytes[i]
                length += 1
                i += bytes[i] == UInt8(ascii: "\"") ? 2 : 1
            }
            return (UnsafePointer(scratch), 0, length)
        }
        if trimSpaces, !fieldQuoted[index] {
            while start < stop, bytes[start] == UInt8(ascii: " ") { start += 1 }
            while stop > start, bytes[stop - 1] == UInt8(ascii: " ") { stop -= 1 }
        }
        return (bytes, start, stop)
    }

    /// Field `index` as text, for headers and messages.
    func fieldText(_ index: Int, trimSpaces: Bool = false) -> String {
        let slice = field(index, trimSpaces: trimSpaces)
        return String(
            decoding: UnsafeBufferPointer(start: slice.base + slice.start, count: slice.end - slice.start), as: UTF8.self)
    }

    /// The 1-based line and character column of a byte offset in the current record.
    func location(ofOffset offset: Int) -> (line: Int, column: Int) {
        var line = recordLine, lineStart = recordStart
        for i in recordStart..<min(offset, end) where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        var column = 1
        for i in lineStart..<min(offset, end) where bytes[i] & 0xC0 != 0x80 { column += 1 }
        return (line, column)
    }
}
