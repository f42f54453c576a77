/// One metric across folds: the per-fold values, their mean and their sample
/// standard deviation.
public struct MetricSummary: Sendable, Hashable, Codable {
    public var metric: Metric
    public var perFold: [Double]
    public var mean: Double
    /// √(Σ (v − mean)² / (n − 1)); `nil` with a single fold, where it is undefined.
    public var standardDeviation: Double?

    /// - Throws: `MLCoreError.emptyInput` when `perFold` is empty.
    public init(metric: Metric, perFold: [Double]) throws(MLCoreError) {
        guard !perFold.isEmpty else {
            throw MLCoreError(code: .emptyInput, message: "there are no fold values to summarise for \(metric.name)")
        }
        self.metric = metric
        self.perFold = perFold
        let count = Double(perFold.count)
        mean = perFold.reduce(0, +) / count
        if perFold.count > 1 {
            let mean = mean
            let squares = perFold.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            standardDeviation = (squares / (count - 1)).squareRoot()
        } else {
            standardDeviation = nil
        }
    }
}

extension MetricSummary {
    /// One summary per metric from a table of values, `foldValues[fold][metric]`
    /// (each row as `MetricEvaluator.evaluate` returns it for one fold).
    ///
    /// - Throws: `MLCoreError.emptyInput` without folds, `.invalidParameter`
    ///   when a fold's row does not have one value per metric.
    public static func summaries(of metrics: [Metric], foldValues: [[Double]]) throws(MLCoreError) -> [MetricSummary] {
        for (fold, values) in foldValues.enumerated() where values.count != metrics.count {
            throw MLCoreError.invalid("foldValues", "fold \(fold + 1) has \(values.count) values for \(metrics.count) metrics")
        }
        var summaries: [MetricSummary] = []
        for (position, metric) in metrics.enumerated() {
            summaries.append(try MetricSummary(metric: metric, perFold: foldValues.map { $0[position] }))
        }
        return summaries
    }
}
