import PipelineBasics

/// The canonical text of configuration values: JSON with object keys sorted by
/// their UTF-8 bytes, no whitespace, and numbers in one fixed form, so that
/// equal configurations give equal bytes in every process on every machine.
///
/// Integers are written in decimal; doubles in Swift's shortest round-trip form
/// (`0.005`, `1e-05`, `2.0`), so `2` (int) and `2.0` (double) differ;
/// non-finite doubles as `nan`, `inf`, `-inf`.
extension ConfigValue {
    public var canonicalText: String { String(decoding: canonicalBytes, as: UTF8.self) }

    /// Written as bytes: a plan takes the canonical form of every node's configuration.
    public var canonicalBytes: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(128)
        writeCanonical(to: &output)
        return output
    }

    private func writeCanonical(to output: inout [UInt8]) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): output.append(contentsOf: String(value).utf8)
        case .double(let value): output.append(contentsOf: Self.canonicalNumber(value).utf8)
        case .string(let value): appendJSONQuoted(value, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element.writeCanonical(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            // Keys in UTF-8 byte order, which does not depend on locale or normalization;
            // sorted with their values, so that no key is looked up again.
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (index, member) in sorted.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                appendJSONQuoted(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                member.value.writeCanonical(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    static func canonicalNumber(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return value.description
    }
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
