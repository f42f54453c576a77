import PipelineSpec
import Testing

@testable import RunComparison

@Suite struct RegressionCheckTests {
    static let rmse = MetricName(parsing: "rmse")!
    static let ndcg = MetricName(parsing: "ndcg@10")!

    static func baseline(_ metrics: [String: Double], folds: [String: [Double]] = [:]) -> Baseline {
        Baseline(revision: "main", commit: "abc1234", metrics: metrics, folds: folds)
    }

    @Test func anAbsoluteMarginFollowsTheMetricsDirection() {
        let base = Self.baseline(["combined.rmse": 0.900, "combined.ndcg@10": 0.800])
        func check(_ metric: MetricName, _ value: Double) -> RegressionGateResult {
            RegressionCheck.evaluate(
                metric: metric, model: "combined", value: value, folds: [], margin: .absolute(0.002), significance: nil,
                baseline: base)
        }
        #expect(check(Self.rmse, 0.9015).passed, "0.0015 worse is within 0.002")
        #expect(!check(Self.rmse, 0.9030).passed, "0.003 worse is not")
        #expect(check(Self.rmse, 0.850).passed, "better passes")
        #expect(!check(Self.ndcg, 0.790).passed, "ndcg is worse when lower")
        #expect(check(Self.ndcg, 0.820).passed)
        #expect(abs((check(Self.ndcg, 0.790).regression ?? 0) - 0.010) < 1e-12)
    }

    @Test func aRelativeMarginIsAShareOfTheBaseline() {
        let base = Self.baseline(["svd.rmse": 1.0])
        func passes(_ value: Double) -> Bool {
            RegressionCheck.evaluate(
                metric: Self.rmse, model: "svd", value: value, folds: [], margin: .relative(percent: 1), significance: nil,
                baseline: base
            ).passed
        }
        #expect(passes(1.009) && !passes(1.011))
    }

    @Test func withoutABaselineTheGateIsSkippedAndSaysWhy() {
        let missing = Baseline(revision: "main", commit: nil, metrics: [:], folds: [:], missing: "main (abc1234) has no p.lock")
        let result = RegressionCheck.evaluate(
            metric: Self.rmse, model: "combined", value: 5, folds: [], margin: .absolute(0), significance: nil, baseline: missing)
        #expect(result.passed && result.note == "skipped: main (abc1234) has no p.lock")
        let noMetric = RegressionCheck.evaluate(
            metric: Self.rmse, model: "knn", value: 5, folds: [], margin: .absolute(0), significance: nil,
            baseline: Self.baseline(["svd.rmse": 1]))
        #expect(noMetric.passed && noMetric.note?.hasPrefix("skipped") == true)
    }

    @Test func significanceUsesThePairedFoldsAndFailsOnlyOnASignificantRegression() {
        let base = Self.baseline(
            ["combined.rmse": 0.900], folds: ["combined.rmse": [0.90, 0.91, 0.89, 0.90, 0.90]])
        // Mean 0.003 worse (above the margin) but noisy: not significant at 0.05.
        let noisy = RegressionCheck.evaluate(
            metric: Self.rmse, model: "combined", value: 0.903, folds: [0.92, 0.90, 0.90, 0.89, 0.905],
            margin: .absolute(0.002), significance: 0.05, baseline: base)
        #expect(noisy.passed, "\(noisy)")
        #expect((noisy.pValue ?? 0) > 0.05)
        // Every fold 0.01 worse: significant.
        let consistent = RegressionCheck.evaluate(
            metric: Self.rmse, model: "combined", value: 0.910, folds: [0.911, 0.919, 0.901, 0.909, 0.910],
            margin: .absolute(0.002), significance: 0.05, baseline: base)
        #expect(!consistent.passed && (consistent.pValue ?? 1) < 0.05)
        // Folds that do not pair (a baseline of another fold count) fall back to the means, and say so.
        let unpaired = RegressionCheck.evaluate(
            metric: Self.rmse, model: "combined", value: 0.910, folds: [0.91, 0.91], margin: .absolute(0.002),
            significance: 0.05, baseline: base)
        #expect(!unpaired.passed && unpaired.pValue == nil && unpaired.note?.contains("compared the means") == true)
    }
}
