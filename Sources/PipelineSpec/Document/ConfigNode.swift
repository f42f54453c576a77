import PipelineBasics

/// The YAML document as a located tree: what the parser reads before it
/// knows what any key means. Mappings keep every entry in order, duplicates
/// included, so that they can be reported.
public indirect enum ConfigNode: Sendable {
    case scalar(ConfigScalar)
    case sequence([ConfigNode], SourcePosition)
    case mapping([ConfigEntry], SourcePosition)

    public var position: SourcePosition {
        switch self {
        case .scalar(let scalar): scalar.position
        case .sequence(_, let position), .mapping(_, let position): position
        }
    }

    /// Whether the node holds a value whose problem was already reported.
    var isPoisoned: Bool {
        if case .scalar(let scalar) = self { return scalar.isPoisoned }
        return false
    }

    /// A short name of the node's shape for "expected X, found Y" messages.
    public var shapeName: String {
        switch self {
        case .scalar(let scalar): scalar.resolved.typeName
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}

/// One `key: value` entry of a mapping.
public struct ConfigEntry: Sendable {
    public var key: Located<String>
    public var value: ConfigNode

    public init(key: Located<String>, value: ConfigNode) {
        self.key = key
        self.value = value
    }
}

/// A scalar as written: its text, whether it was quoted (a quoted `"5"` is a
/// string, a plain `5` an integer), and where an interpolated value came from.
public struct ConfigScalar: Sendable {
    public var text: String
    public var isQuoted: Bool
    public var position: SourcePosition
    /// Set when the text was substituted from `${params.X}`, `${env.X}` or an
    /// override; diagnostics about the value add it as a note.
    public var origin: String?
    /// Set when interpolation failed and was already reported: later passes
    /// skip the value instead of reporting a second, derived error.
    public var isPoisoned = false
    /// For a literal block scalar (`run: |`): the line and indentation column
    /// of its first line of text, so that errors inside it point at the text.
    public var blockContent: SourcePosition?

    public init(text: String, isQuoted: Bool, position: SourcePosition, origin: String? = nil) {
        self.text = text
        self.isQuoted = isQuoted
        self.position = position
        self.origin = origin
    }

    static func poisoned(at position: SourcePosition) -> ConfigScalar {
        var scalar = ConfigScalar(text: "", isQuoted: true, position: position)
        scalar.isPoisoned = true
        return scalar
    }

    /// The scalar's YAML core-schema value.
    public var resolved: ScalarValue {
        isQuoted ? .string(text) : ScalarValue(plain: text)
    }
}

/// The typed value of a scalar under YAML's core schema.
public enum ScalarValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)

    init(plain text: String) {
        switch text {
        case "", "~", "null", "Null", "NULL": self = .null
        case "true", "True", "TRUE": self = .bool(true)
        case "false", "False", "FALSE": self = .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf": self = .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": self = .double(-.infinity)
        case ".nan", ".NaN", ".NAN": self = .double(.nan)
        default:
            if let int = Int(text), text.allSatisfy({ $0.isNumber || $0 == "-" || $0 == "+" }) {
                self = .int(int)
            } else if ScalarValue.looksNumeric(text), let double = Double(text) {
                self = .double(double)
            } else {
                self = .string(text)
            }
        }
    }

    /// Digits with an optional sign, point and exponent: `Double("nan")` and
    /// hex floats must not turn words into numbers.
    private static func looksNumeric(_ text: String) -> Bool {
        guard let first = text.first, first.isNumber || first == "-" || first == "+" || first == "." else { return false }
        return text.allSatisfy { $0.isNumber || "+-.eE".contains($0) } && text.contains(where: \.isNumber)
    }

    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int: "an integer"
        case .double: "a number"
        case .string: "a string"
        }
    }
}
