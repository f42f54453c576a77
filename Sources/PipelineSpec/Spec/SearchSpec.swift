import PipelineBasics

/// `search:`: the strategy, what it optimizes and the space it explores.
public struct SearchSpec: Hashable, Sendable {
    public var configuration: KindConfiguration
    public var objective: Objective
    public var space: [SearchDimension]

    public init(configuration: KindConfiguration, objective: Objective, space: [SearchDimension]) {
        self.configuration = configuration
        self.objective = objective
        self.space = space
    }

    public var method: Located<String> { configuration.kind }
}

public struct Objective: Hashable, Sendable {
    public enum Goal: String, Hashable, Sendable, CaseIterable { case minimize, maximize }

    public var metric: Located<MetricName>
    public var goal: Located<Goal>

    public init(metric: Located<MetricName>, goal: Located<Goal>) {
        self.metric = metric
        self.goal = goal
    }
}

/// One tunable parameter and the distribution it is drawn from.
public struct SearchDimension: Hashable, Sendable {
    /// Dotted path such as `models.svd.lr`, resolved by the semantic checks.
    public var path: Located<String>
    public var distribution: Located<Distribution>
    /// Where each argument of the expression (or item of the list) was
    /// written, so that a check can point at the value at fault. Like every
    /// position, not part of the dimension's identity.
    public var argumentPositions: [SourcePosition]

    public init(path: Located<String>, distribution: Located<Distribution>, argumentPositions: [SourcePosition] = []) {
        self.path = path
        self.distribution = distribution
        self.argumentPositions = argumentPositions
    }

    public static func == (lhs: SearchDimension, rhs: SearchDimension) -> Bool {
        lhs.path == rhs.path && lhs.distribution == rhs.distribution
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(path)
        hasher.combine(distribution)
    }

    /// The position of argument `index`, or of the whole expression when unknown.
    func position(ofArgument index: Int) -> SourcePosition {
        index < argumentPositions.count ? argumentPositions[index] : distribution.position
    }
}

/// A search-space expression (grammar in `grammar/expressions.ebnf`).
public enum Distribution: Hashable, Sendable, CustomStringConvertible {
    case uniform(low: Double, high: Double)
    case logUniform(low: Double, high: Double)
    case int(low: Int, high: Int, log: Bool)
    case choice([ParameterValue])

    /// Whether grid search can enumerate it.
    public var isFinite: Bool {
        switch self {
        case .uniform, .logUniform: false
        case .int, .choice: true
        }
    }

    public var description: String {
        switch self {
        case .uniform(let low, let high): "uniform(\(formatNumber(low)), \(formatNumber(high)))"
        case .logUniform(let low, let high): "loguniform(\(formatNumber(low)), \(formatNumber(high)))"
        case .int(let low, let high, let log): log ? "int(\(low), \(high), log)" : "int(\(low), \(high))"
        case .choice(let values): "choice(" + values.map(\.expressionText).joined(separator: ", ") + ")"
        }
    }
}

extension Distribution {
    /// The expression as messages show it: `uniform(16, 256)`, not `uniform(16.0, 256.0)`.
    var messageText: String {
        switch self {
        case .uniform(let low, let high): "uniform(\(formatNumberForMessage(low)), \(formatNumberForMessage(high)))"
        case .logUniform(let low, let high): "loguniform(\(formatNumberForMessage(low)), \(formatNumberForMessage(high)))"
        case .int, .choice: description
        }
    }
}

extension ParameterValue {
    /// The value as an expression argument: strings quoted when they are not plain words.
    var expressionText: String {
        switch self {
        case .string(let text):
            let plain =
                !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
                && !(text.first?.isNumber ?? false) && text != "true" && text != "false" && text != "log"
            return plain
                ? text
                : "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        default:
            return description
        }
    }
}
