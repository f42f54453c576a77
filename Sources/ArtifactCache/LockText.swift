import PipelineBasics

/// Quoting and scanning for the lock file's line format.
enum LockText {
    /// Keys made only of these (ASCII) characters are written bare; others are quoted.
    private static func isBare(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "@"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: ":"), UInt8(ascii: "+"):
            true
        default: false
        }
    }

    static func key(_ text: String) -> String {
        !text.isEmpty && text.utf8.allSatisfy(isBare) ? text : quote(text)
    }

    /// The lock file's bytes as they are written.
    struct Output {
        var bytes: [UInt8] = []

        mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

        /// `key(text)`, without an intermediate string.
        mutating func appendKey(_ text: String) {
            if !text.isEmpty && text.utf8.allSatisfy(LockText.isBare) { append(text) } else { appendQuoted(text) }
        }

        /// `quote(text)`, without an intermediate string when nothing needs an escape.
        mutating func appendQuoted(_ text: String) { appendJSONQuoted(text, to: &bytes) }
    }

    static func quote(_ text: String) -> String { jsonQuoted(text) }

    static func error(_ line: Int, _ message: String) -> CacheError {
        CacheError(.malformedLockFile, "lock file line \(line): \(message)")
    }

    /// Reads one line of the lock file, as UTF-8 bytes (a large lock has
    /// hundreds of thousands of lines: no `Character` is made on the way).
    struct Scanner {
        var line: ArraySlice<UInt8>
        let lineNumber: Int

        private static let space = UInt8(ascii: " ")
        private static let quote = UInt8(ascii: "\"")
        private static let backslash = UInt8(ascii: "\\")

        mutating func word() -> String {
            let end = line.firstIndex(of: Self.space) ?? line.endIndex
            let word = String(decoding: line[..<end], as: UTF8.self)
            line = line[end...]
            skipSpaces()
            return word
        }

        mutating func rest() -> String {
            defer { line = line[line.endIndex...] }
            return String(decoding: line, as: UTF8.self)
        }

        mutating func key() throws(CacheError) -> String {
            line.first == Self.quote ? try quoted() : word()
        }

        mutating func assignment() throws(CacheError) -> (String, String) {
            let key = try key()
            let equals = UInt8(ascii: "=")
            guard line.starts(with: [equals, Self.space]) || line.elementsEqual([equals]) else {
                throw LockText.error(lineNumber, "expected '=' after \(key)")
            }
            line = line.dropFirst(2)
            return (key, rest())
        }

        /// A JSON string literal, as `quote` writes it.
        mutating func quoted() throws(CacheError) -> String {
            guard line.first == Self.quote else { throw LockText.error(lineNumber, "expected a quoted string") }
            var result: [UInt8] = []
            var index = line.startIndex + 1
            while index < line.endIndex {
                let byte = line[index]
                index += 1
                switch byte {
                case Self.quote:
                    line = line[index...]
                    skipSpaces()
                    return String(decoding: result, as: UTF8.self)
                case Self.backslash:
                    guard index < line.endIndex else { break }
                    let escaped = line[index]
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "n"): result.append(UInt8(ascii: "\n"))
                    case UInt8(ascii: "t"): result.append(UInt8(ascii: "\t"))
                    case UInt8(ascii: "r"): result.append(UInt8(ascii: "\r"))
                    case UInt8(ascii: "u"):
                        let end = min(index + 4, line.endIndex)
                        let digits = String(decoding: line[index..<end], as: UTF8.self)
                        index = end
                        guard let value = UInt32(digits, radix: 16), let decoded = Unicode.Scalar(value) else {
                            throw LockText.error(lineNumber, "bad escape \\u\(digits)")
                        }
                        result.append(contentsOf: String(decoded).utf8)
                    default:
                        // Any other escaped character stands for itself (a multi-byte one continues below).
                        result.append(escaped)
                    }
                default:
                    result.append(byte)
                }
            }
            throw LockText.error(lineNumber, "unterminated string")
        }

        private mutating func skipSpaces() {
            while line.first == Self.space { line = line.dropFirst() }
        }
    }
}
