import Foundation

/// `evaluate:`: the metrics computed on every test part and the CI gates.
public struct EvaluateSpec: Hashable, Sendable {
    public var metrics: [Located<MetricName>]
    /// Ratings at or above it are relevant for the ranking metrics.
    public var relevance: Located<Double>?
    public var huberDelta: Located<Double>?
    /// Which items the ranking metrics rank for each user; unset means `test`.
    public var candidates: Located<RankingCandidates>?
    public var gates: [Gate]

    public init(
        metrics: [Located<MetricName>], relevance: Located<Double>? = nil, huberDelta: Located<Double>? = nil,
        candidates: Located<RankingCandidates>? = nil, gates: [Gate] = []
    ) {
        self.metrics = metrics
        self.relevance = relevance
        self.huberDelta = huberDelta
        self.candidates = candidates
        self.gates = gates
    }

    /// Whether ranking metrics rank every item the user did not rate in training.
    public var ranksAllItems: Bool { candidates?.value == .all }
}

/// `candidates:` in `evaluate`: the items a user's ranking is made of.
public enum RankingCandidates: String, CaseIterable, Hashable, Sendable {
    /// The user's own test items, ranked among themselves.
    case test
    /// Every item the user did not rate in training (full-sort evaluation).
    case all
}

/// `gates: {rmse: {max: 0.93}}`: a bound the final model's mean metric must keep.
public struct Gate: Hashable, Sendable {
    public var metric: Located<MetricName>
    public var min: Located<Double>?
    public var max: Located<Double>?
    /// How much worse than at `baseline` the metric may get.
    public var maxRegression: Located<RegressionMargin>?
    /// The git revision whose lock file holds the baseline (default `main`).
    public var baseline: Located<String>?
    /// With folds: fail only on a regression significant at this level (a paired test over the folds).
    public var significance: Located<Double>?

    public init(
        metric: Located<MetricName>, min: Located<Double>? = nil, max: Located<Double>? = nil,
        maxRegression: Located<RegressionMargin>? = nil, baseline: Located<String>? = nil, significance: Located<Double>? = nil
    ) {
        self.metric = metric
        self.min = min
        self.max = max
        self.maxRegression = maxRegression
        self.baseline = baseline
        self.significance = significance
    }

    /// The revision a regression gate compares with when the file names none.
    public static let defaultBaseline = "main"
}

/// How much worse a metric may get than at the baseline: in the metric's
/// units (`0.002`), or relative to the baseline's value (`1%`).
public enum RegressionMargin: Hashable, Sendable, CustomStringConvertible {
    case absolute(Double)
    case relative(percent: Double)

    /// `0.002` or `1%`; `nil` for anything else or a negative margin.
    public init?(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") {
            guard let percent = Double(trimmed.dropLast().trimmingCharacters(in: .whitespaces)), percent >= 0, percent.isFinite
            else { return nil }
            self = .relative(percent: percent)
        } else {
            guard let value = Double(trimmed), value >= 0, value.isFinite else { return nil }
            self = .absolute(value)
        }
    }

    /// The margin in the metric's units, given the baseline's value.
    public func allowance(baseline: Double) -> Double {
        switch self {
        case .absolute(let value): value
        case .relative(let percent): abs(baseline) * percent / 100
        }
    }

    public var description: String {
        switch self {
        case .absolute(let value): formatNumber(value)
        case .relative(let percent): (percent == percent.rounded() ? String(Int(percent)) : formatNumber(percent)) + "%"
        }
    }
}
