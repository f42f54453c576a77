/// Builds block-style YAML text line by line, quoting every string so that
/// no value changes type when read back.
struct YAMLWriter {
    private(set) var lines: [String] = []
    private var depth = 0

    var text: String { lines.joined(separator: "\n") + "\n" }

    mutating func scalar(_ key: String, _ value: String) {
        lines.append(indent + Self.key(key) + ": " + value)
    }

    mutating func section(_ key: String, _ body: (inout YAMLWriter) -> Void) {
        lines.append(indent + Self.key(key) + ":")
        depth += 1
        body(&self)
        depth -= 1
    }

    private var indent: String { String(repeating: "  ", count: depth) }

    static func key(_ key: String) -> String {
        let plain =
            !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || "_-.@".contains($0) } && key.first?.isLetter == true
            && !["true", "false", "null", "yes", "no", "on", "off", "y", "n"].contains(key.lowercased())
        return plain ? key : quoted(key)
    }

    /// A double-quoted YAML string (JSON escapes are valid YAML escapes).
    static func quoted(_ text: String) -> String { JSONValue.quoted(text) }

    static func value(_ value: ParameterValue) -> String {
        switch value {
        case .int(let number): String(number)
        case .double(let number): number.isFinite ? "\(number)" : formatNumber(number)
        case .bool(let flag): flag ? "true" : "false"
        case .string(let text): quoted(text)
        case .list(let values): "[" + values.map(Self.value).joined(separator: ", ") + "]"
        }
    }

    static func list(_ values: [String]) -> String {
        "[" + values.map(quoted).joined(separator: ", ") + "]"
    }
}
