import PipelineSpec

/// The outcome of one regression gate for one model: how the metric moved
/// against the baseline, and whether that passes.
public struct RegressionGateResult: Sendable, Equatable, Codable {
    public var metric: String
    public var model: String
    /// `main (3f2c4fc)`.
    public var baseline: String
    public var baselineValue: Double?
    public var value: Double?
    /// `0.002` or `1%`, as written.
    public var margin: String
    /// How much worse the metric got, in its units (negative when it improved).
    public var regression: Double?
    /// The one-sided p-value of the paired test over the folds, when one was made.
    public var pValue: Double?
    public var passed: Bool
    /// Why the gate did not compare, or how it decided.
    public var note: String?
}

/// Checks a metric against its value at a baseline revision.
public enum RegressionCheck {
    /// - Parameters:
    ///   - value: the metric's mean now; `folds`: its value on each fold now.
    ///   - significance: with folds, fail only when a paired t-test over the folds finds the
    ///     regression larger than the margin at this level.
    public static func evaluate(
        metric: MetricName, model: String, value: Double?, folds: [Double], margin: RegressionMargin, significance: Double?,
        baseline: Baseline
    ) -> RegressionGateResult {
        let name = metric.description, key = "\(model).\(name)"
        var result = RegressionGateResult(
            metric: name, model: model, baseline: baseline.label, baselineValue: baseline.metrics[key], value: value,
            margin: margin.description, regression: nil, pValue: nil, passed: true, note: nil)
        if let missing = baseline.missing {
            result.note = "skipped: \(missing)"
            return result
        }
        guard let base = baseline.metrics[key] else {
            result.note = "skipped: \(baseline.label) has no \(name) of \(model)"
            return result
        }
        guard let value else {
            result.passed = false
            result.note = "no value: the model failed"
            return result
        }
        let sign = metric.lowerIsBetter ? 1.0 : -1.0
        let regression = sign * (value - base)
        let allowance = margin.allowance(baseline: base)
        result.regression = regression
        guard let significance else {
            result.passed = !(regression > allowance)
            return result
        }
        let baseFolds = baseline.folds[key] ?? []
        guard folds.count >= 2, baseFolds.count == folds.count else {
            result.passed = !(regression > allowance)
            result.note = "compared the means: the paired test needs the same two or more folds on both sides"
            return result
        }
        let differences = zip(folds, baseFolds).map { sign * ($0 - $1) }
        let p = PairedTTest.pValueAbove(allowance, differences: differences)
        result.pValue = p
        result.passed = !(p < significance)
        result.note = "paired t-test over \(folds.count) folds, one-sided: regression above \(margin)"
        return result
    }
}
