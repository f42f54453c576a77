/// `evaluate:`: the metrics computed on every test part and the CI gates.
public struct EvaluateSpec: Hashable, Sendable {
    public var metrics: [Located<MetricName>]
    /// Ratings at or above it are relevant for the ranking metrics.
    public var relevance: Located<Double>?
    public var huberDelta: Located<Double>?
    public var gates: [Gate]

    public init(
        metrics: [Located<MetricName>], relevance: Located<Double>? = nil, huberDelta: Located<Double>? = nil, gates: [Gate] = []
    ) {
        self.metrics = metrics
        self.relevance = relevance
        self.huberDelta = huberDelta
        self.gates = gates
    }
}

/// `gates: {rmse: {max: 0.93}}`: a bound the final model's mean metric must keep.
public struct Gate: Hashable, Sendable {
    public var metric: Located<MetricName>
    public var min: Located<Double>?
    public var max: Located<Double>?

    public init(metric: Located<MetricName>, min: Located<Double>? = nil, max: Located<Double>? = nil) {
        self.metric = metric
        self.min = min
        self.max = max
    }
}
