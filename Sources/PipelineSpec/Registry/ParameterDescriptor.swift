/// The type a parameter's value must have.
public enum ParameterType: Hashable, Sendable {
    case int
    case double
    case bool
    case string
    /// A file path, relative to the pipeline file's folder.
    case path
    /// One of a fixed set of words.
    case choice([String])
    case stringList
    /// Files the kind reads; their contents enter the cache key.
    case pathList
    /// Words, each one of a fixed set.
    case choiceList([String])
    /// The name of a model of `models:`.
    case modelName
    /// One model name, or a list of them.
    case modelNames
    /// A window of time: a duration (a number in the data's time unit, or
    /// `30d`, `12h`, `90m`, `45s`, `2w`), or `{rows: N}` rows at a time.
    case window
    /// Wall-clock time: seconds, or `45s`, `10m`, `2h`, `1d`.
    case duration
    /// A rating scale or similar: two numbers `[low, high]`.
    case numberPair
    /// Integers, each inside the parameter's bounds (layer widths).
    case intList
    /// One word of a fixed set, or a list of them (one per layer).
    case choiceOrList([String])
    /// Early stopping: a patience N, or `{patience: N, metric: word}` with a
    /// metric of a fixed set (the first when left out).
    case stoppingRule([String])

    public var isNumeric: Bool { self == .int || self == .double }

    /// How the type is named in messages.
    public var name: String {
        switch self {
        case .int: "an integer"
        case .double: "a number"
        case .bool: "a boolean"
        case .string: "a string"
        case .path: "a file path"
        case .choice(let options): "one of " + options.map { "'\($0)'" }.joined(separator: ", ")
        case .stringList: "a list of strings"
        case .pathList: "a list of file paths"
        case .choiceList(let options): "a list of " + options.map { "'\($0)'" }.joined(separator: ", ")
        case .modelName: "a model name"
        case .modelNames: "a model name or a list of them"
        case .window: "a duration (30d, 12h, 90m, 45s, 2w, or a number of time units) or {rows: N}"
        case .duration: "a duration (45s, 10m, 2h, 1d, or a number of seconds)"
        case .numberPair: "a pair of numbers [low, high]"
        case .intList: "a list of integers"
        case .choiceOrList(let options): "one of " + options.map { "'\($0)'" }.joined(separator: ", ") + ", or a list of them"
        case .stoppingRule(let metrics):
            "a patience N, or {patience: N, metric: " + metrics.joined(separator: " | ") + "}"
        }
    }
}

/// Numeric bounds of a parameter; `nil` ends are open.
public struct NumericBounds: Hashable, Sendable {
    public var low: Double?
    public var high: Double?
    /// Whether `low` itself is allowed (false for "strictly positive").
    public var includesLow: Bool
    public var includesHigh: Bool

    public init(low: Double? = nil, high: Double? = nil, includesLow: Bool = true, includesHigh: Bool = true) {
        self.low = low
        self.high = high
        self.includesLow = includesLow
        self.includesHigh = includesHigh
    }

    public static let positive = NumericBounds(low: 0, includesLow: false)
    public static let nonNegative = NumericBounds(low: 0)
    public static let atLeastOne = NumericBounds(low: 1)
    public static let fraction = NumericBounds(low: 0, high: 1, includesLow: false, includesHigh: false)
    public static let unitInterval = NumericBounds(low: 0, high: 1)

    public func contains(_ value: Double) -> Bool {
        if let low, includesLow ? value < low : value <= low { return false }
        if let high, includesHigh ? value > high : value >= high { return false }
        return !value.isNaN
    }

    /// `[0, 1)`, `(0, inf)` and so on, for messages.
    public var text: String {
        let open = includesLow && low != nil ? "[" : "("
        let close = includesHigh && high != nil ? "]" : ")"
        let lowText = low.map(formatBound) ?? "-inf"
        let highText = high.map(formatBound) ?? "inf"
        return "\(open)\(lowText), \(highText)\(close)"
    }

    private func formatBound(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : formatNumber(value)
    }
}

/// One parameter of a kind, declared once: the validator, the search-space
/// checks, `mass schema` and the docs all read it.
public struct ParameterDescriptor: Hashable, Sendable {
    public var name: String
    public var type: ParameterType
    public var defaultValue: ParameterValue?
    public var isRequired: Bool
    public var bounds: NumericBounds?
    /// Whether `search.space` may vary it.
    public var isTunable: Bool
    public var summary: String

    public init(
        _ name: String, _ type: ParameterType, default defaultValue: ParameterValue? = nil, required: Bool = false,
        bounds: NumericBounds? = nil, tunable: Bool = false, _ summary: String
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.isRequired = required
        self.bounds = bounds
        self.isTunable = tunable
        self.summary = summary
    }
}
