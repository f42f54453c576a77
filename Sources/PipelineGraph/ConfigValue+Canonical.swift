import PipelineBasics

/// The canonical text of configuration values: JSON with object keys sorted by
/// their UTF-8 bytes, no whitespace, and numbers in one fixed form, so that
/// equal configurations give equal bytes in every process on every machine.
///
/// Integers are written in decimal; doubles in Swift's shortest round-trip form
/// (`0.005`, `1e-05`, `2.0`), so `2` (int) and `2.0` (double) differ;
/// non-finite doubles as `nan`, `inf`, `-inf`.
extension ConfigValue {
    public var canonicalText: String {
        var output = ""
        writeCanonical(to: &output)
        return output
    }

    public var canonicalBytes: [UInt8] { Array(canonicalText.utf8) }

    private func writeCanonical(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .double(let value): output += Self.canonicalNumber(value)
        case .string(let value): Self.writeQuoted(value, to: &output)
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                element.writeCanonical(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, key) in Self.sortedKeys(members).enumerated() {
                if index > 0 { output += "," }
                Self.writeQuoted(key, to: &output)
                output += ":"
                members[key]?.writeCanonical(to: &output)
            }
            output += "}"
        }
    }

    /// Keys in UTF-8 byte order, which does not depend on locale or normalization.
    static func sortedKeys(_ members: [String: ConfigValue]) -> [String] {
        members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    static func canonicalNumber(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return value.description
    }

    static func writeQuoted(_ text: String, to output: inout String) { appendJSONQuoted(text, to: &output) }
}

extension ConfigValue {
    /// Leaves as (dotted key path, canonical text), sorted by path: the form the
    /// lock file keeps so that a later plan can name exactly what changed.
    /// Empty objects and arrays are leaves (`{}`, `[]`); array elements use
    /// their index as a key (`layers.0`); a scalar root has the path `""`.
    public func flattened() -> [(path: String, value: String)] {
        var leaves: [(path: String, value: String)] = []
        flatten(prefix: "", into: &leaves)
        return leaves.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    private func flatten(prefix: String, into leaves: inout [(path: String, value: String)]) {
        func join(_ key: String) -> String { prefix.isEmpty ? key : prefix + "." + key }
        switch self {
        case .object(let members) where !members.isEmpty:
            for (key, value) in members { value.flatten(prefix: join(key), into: &leaves) }
        case .array(let elements) where !elements.isEmpty:
            for (index, value) in elements.enumerated() { value.flatten(prefix: join(String(index)), into: &leaves) }
        default:
            leaves.append((prefix, canonicalText))
        }
    }
}
