/// One metric across folds: the per-fold values, their mean and their sample
/// standard deviation.
public struct MetricSummary: Sendable, Hashable {
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
