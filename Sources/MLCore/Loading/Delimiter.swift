/// A field separator: one to four ASCII bytes, none of them a quote or a
/// line break (`,`, `\t`, `;`, `|`, ` `, or a sequence such as MovieLens
/// 1M's `::`).
public struct Delimiter: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// The delimiter spelled by `text`, or `nil` when it is empty, longer than
    /// four bytes, not ASCII, or holds a quote or a line break.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard (1...4).contains(bytes.count),
            bytes.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") })
        else { return nil }
        self.bytes = bytes
    }

    private init(validBytes: [UInt8]) { bytes = validBytes }

    public static let comma = Delimiter(validBytes: [UInt8(ascii: ",")])
    public static let tab = Delimiter(validBytes: [UInt8(ascii: "\t")])
    public static let semicolon = Delimiter(validBytes: [UInt8(ascii: ";")])
    public static let pipe = Delimiter(validBytes: [UInt8(ascii: "|")])
    public static let space = Delimiter(validBytes: [UInt8(ascii: " ")])
    public static let doubleColon = Delimiter(validBytes: [UInt8(ascii: ":"), UInt8(ascii: ":")])

    /// Names a configuration file may use besides the delimiter itself.
    public static let names = ["comma", "csv", "tab", "tsv", "semicolon", "pipe", "space"]

    /// A delimiter by name (`comma`/`csv`, `tab`/`tsv`, `semicolon`, `pipe`,
    /// `space`, any case), by the escape `\t`, or spelled out (`;`, `::`).
    public init?(named name: String) {
        switch name.lowercased() {
        case "comma", "csv": self = .comma
        case "tab", "tsv", "\\t": self = .tab
        case "semicolon": self = .semicolon
        case "pipe": self = .pipe
        case "space": self = .space
        default: self.init(name)
        }
    }

    /// The delimiter as text, a tab written `\t`.
    public var description: String {
        bytes == [UInt8(ascii: "\t")] ? "\\t" : String(decoding: bytes, as: UTF8.self)
    }
}
