import PipelineBasics

/// Quoting and scanning for the lock file's line format.
enum LockText {
    /// Keys made only of these characters are written bare; others are quoted.
    private static func isBare(_ character: Unicode.Scalar) -> Bool {
        switch character {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".", "/", "@", "[", "]", ":", "+": true
        default: false
        }
    }

    static func key(_ text: String) -> String {
        !text.isEmpty && text.unicodeScalars.allSatisfy(isBare) ? text : quote(text)
    }

    static func quote(_ text: String) -> String { jsonQuoted(text) }

    static func error(_ line: Int, _ message: String) -> CacheError {
        CacheError(.malformedLockFile, "lock file line \(line): \(message)")
    }

    struct Scanner {
        var line: Substring
        let lineNumber: Int

        mutating func word() -> String {
            let word = line.prefix { $0 != " " }
            line = line.dropFirst(word.count).drop { $0 == " " }
            return String(word)
        }

        mutating func rest() -> String {
            defer { line = "" }
            return String(line)
        }

        mutating func key() throws(CacheError) -> String {
            line.hasPrefix("\"") ? try quoted() : word()
        }

        mutating func assignment() throws(CacheError) -> (String, String) {
            let key = try key()
            guard line.hasPrefix("= ") || line == "=" else { throw LockText.error(lineNumber, "expected '=' after \(key)") }
            line = line.dropFirst(2)
            return (key, rest())
        }

        mutating func quoted() throws(CacheError) -> String {
            guard line.first == "\"" else { throw LockText.error(lineNumber, "expected a quoted string") }
            var result = ""
            var scalars = line.unicodeScalars.dropFirst()
            while let scalar = scalars.popFirst() {
                switch scalar {
                case "\"":
                    line = Substring(String(String.UnicodeScalarView(scalars))).drop { $0 == " " }
                    return result
                case "\\":
                    guard let escaped = scalars.popFirst() else { break }
                    switch escaped {
                    case "n": result += "\n"
                    case "t": result += "\t"
                    case "r": result += "\r"
                    case "u":
                        let digits = String(String.UnicodeScalarView(scalars.prefix(4)))
                        scalars = scalars.dropFirst(4)
                        guard let value = UInt32(digits, radix: 16), let decoded = Unicode.Scalar(value) else {
                            throw LockText.error(lineNumber, "bad escape \\u\(digits)")
                        }
                        result.unicodeScalars.append(decoded)
                    default: result.unicodeScalars.append(escaped)
                    }
                default:
                    result.unicodeScalars.append(scalar)
                }
            }
            throw LockText.error(lineNumber, "unterminated string")
        }
    }
}
