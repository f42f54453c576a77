/// A configuration value as an operation declares it: the part of a node's
/// identity that comes from the pipeline file. Its canonical text (sorted keys,
/// fixed number formatting) enters the node's fingerprint.
public indirect enum ConfigValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([ConfigValue])
    case object([String: ConfigValue])
}

extension ConfigValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: ConfigValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, ConfigValue)...) {
        // Later duplicates win, as in YAML merges; literals in code should not repeat keys.
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension ConfigValue {
    /// The value at a dotted key path (`models.svd.lr`), or `nil`.
    public subscript(path path: String) -> ConfigValue? {
        var current = self
        for key in path.split(separator: ".") {
            switch current {
            case .object(let members):
                guard let next = members[String(key)] else { return nil }
                current = next
            case .array(let elements):
                guard let index = Int(key), elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }
}
