import Testing
@testable import MLCore

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Metrics")
struct MetricTests {
    // Errors e = p − r: [1, 0, 2, −0.5].
    static let errorTruth = RatingSet(
        users: [0, 0, 1, 1], items: [0, 1, 0, 1], values: [1, 2, 3, 4], userCount: 2, itemCount: 2)
    static let errorPredictions: [Double] = [2, 2, 5, 3.5]

    static let rmseByHand: Double = (5.25 / 4).squareRoot()
    static let errorCases: [(Metric, Double)] = [
        (.mse, 1.3125), (.rmse, rmseByHand), (.mae, 0.875), (.huber(delta: 1), 0.53125), (.huber(delta: 0.5), 0.34375),
    ]
    @Test(arguments: errorCases)
    func errorMetricsByHand(metric: Metric, expected: Double) throws {
        let value = try MetricEvaluator.evaluate(
            metric, truth: Self.errorTruth, predictions: Self.errorPredictions, relevanceThreshold: 4)
        #expect(abs(value - expected) < 1e-12)
    }

    // Threshold 4. User 0 ranks items 0, 1, 3, 4, 2 → relevance 1 0 0 0 1 (R = 2).
    // User 1 ranks item 2, then the tie 5 before 1 (ids "5" and "1": StableHash
    // 0x0955… < 0xca7b…) → relevance 0 1 1 (R = 2).
    // User 2 has no relevant item: left out, except from coverage.
    static let rankingTruth = RatingSet(
        users: [0, 0, 0, 0, 0, 1, 1, 1, 2, 2],
        items: [0, 1, 2, 3, 4, 1, 2, 5, 0, 3],
        values: [5, 3, 4, 1, 2, 4, 2, 5, 1, 2],
        userCount: 3, itemCount: 6)
    static let rankingPredictions: [Double] = [0.9, 0.8, 0.1, 0.7, 0.6, 0.5, 0.9, 0.5, 0.3, 0.2]

    static let inverseLog3: Double = 1 / log2(3.0)
    static let inverseLog6: Double = 1 / log2(6.0)
    /// u0: DCG = 1 + 1/log2 6, u1: DCG = 1/log2 3 + 1/log2 4; both IDCG = 1 + 1/log2 3.
    static let ndcgAt5: Double = ((1 + inverseLog6) + (inverseLog3 + 0.5)) / (1 + inverseLog3) / 2
    /// u0: (1/1 + 2/5) / 2 = 0.7; u1: (1/2 + 2/3) / 2.
    static let mapAt5: Double = (0.7 + (0.5 + 2.0 / 3) / 2) / 2
    static let rankingCases: [(Metric, Double)] = [
        (.precision(k: 2), 0.5), (.recall(k: 2), 0.5), (.hit(k: 2), 1), (.ndcg(k: 2), 0.5), (.map(k: 2), 0.375),
        (.mrr(k: nil), 0.75), (.mrr(k: 1), 0.5), (.coverage(k: 2), 5.0 / 6),
        (.precision(k: 5), 0.4), (.recall(k: 5), 1), (.hit(k: 1), 0.5), (.map(k: 5), mapAt5),
        (.ndcg(k: 5), ndcgAt5), (.coverage(k: 5), 1),
    ]
    @Test(arguments: rankingCases)
    func rankingMetricsByHand(metric: Metric, expected: Double) throws {
        let value = try MetricEvaluator.evaluate(
            metric, truth: Self.rankingTruth, predictions: Self.rankingPredictions, relevanceThreshold: 4)
        #expect(abs(value - expected) < 1e-12, "\(metric)")
    }

    @Test func noRelevantItemsGiveZero() throws {
        let values = try MetricEvaluator.evaluate(
            [.ndcg(k: 3), .precision(k: 3)], truth: Self.errorTruth, predictions: Self.errorPredictions, relevanceThreshold: 10)
        #expect(values == [0, 0])
    }

    @Test func evaluatorRejectsBadInput() {
        let cases: [([Double], RatingSet, String)] = [
            ([1], Self.errorTruth, "there are 1 predictions for 4 test ratings"),
            ([1, .nan, 1, 1], Self.errorTruth, "prediction 1 is not a finite number (nan)"),
            (
                [], RatingSet(users: [], items: [], values: [], userCount: 0, itemCount: 0),
                "there are no test ratings to evaluate"
            ),
        ]
        for (predictions, truth, message) in cases {
            do {
                _ = try MetricEvaluator.evaluate(.rmse, truth: truth, predictions: predictions, relevanceThreshold: 4)
                Issue.record("expected an error")
            } catch {
                #expect(error.message == message)
            }
        }
    }

    @Test(arguments: [
        "rmse", "mae", "mse", "huber", "huber@0.5", "precision@10", "recall@5", "ndcg@10", "map@20", "hit@1", "mrr", "mrr@10",
        "coverage@100",
    ])
    func namesRoundTrip(name: String) throws {
        #expect(try Metric(parsing: name).name == name)
    }

    @Test func parsingIsCaseInsensitiveAndTrims() throws {
        #expect(try Metric(parsing: " NDCG@10 ") == .ndcg(k: 10))
        #expect(try Metric(parsing: "huber@1") == .huber(delta: 1))
        #expect(try Metric(parsing: "huber@1").name == "huber")
    }

    @Test(arguments: [
        ("ndgc@10", "unknown metric \"ndgc@10\"; did you mean \"ndcg@10\"?"),
        (
            "foo",
            "unknown metric \"foo\"; known metrics: rmse, mae, mse, huber[@delta], precision@k, recall@k, ndcg@k, map@k, hit@k, mrr[@k], coverage@k"
        ),
        ("precision", "precision needs a cut-off, as in precision@10"),
        ("ndcg@0", "ndcg's cut-off must be a whole number ≥ 1, as in ndcg@10; got \"ndcg@0\""),
        ("mrr@x", "mrr's cut-off must be a whole number ≥ 1, as in mrr@10; got \"mrr@x\""),
        ("rmse@3", "rmse takes no parameter, got \"rmse@3\""),
        ("huber@-1", "huber's delta must be a number > 0, as in huber@1.5; got \"huber@-1\""),
    ])
    func parsingErrors(name: String, message: String) {
        do {
            let metric = try Metric(parsing: name)
            Issue.record("parsed \(metric)")
        } catch {
            #expect(error.message == message)
        }
    }

    @Test func unknownMetricHasCode() {
        #expect(
            throws: MLCoreError(
                code: .unknownMetric, message: "unknown metric \"rmsee\"; did you mean \"rmse\" or \"mse\"?", parameter: "metric",
                candidates: ["rmse", "mse"])
        ) {
            try Metric(parsing: "rmsee")
        }
    }

    @Test func everyBaseNameParses() throws {
        for form in Metric.nameForms {
            let name = form.replacingOccurrences(of: "[@delta]", with: "").replacingOccurrences(of: "[@k]", with: "")
                .replacingOccurrences(of: "@k", with: "@3")
            _ = try Metric(parsing: name)
        }
        #expect(Metric.baseNames.count == Metric.nameForms.count)
    }

    @Test func goals() throws {
        #expect(Metric.rmse.goal == .minimize && Metric.ndcg(k: 10).goal == .maximize)
        #expect(!Metric.huber(delta: 1).isRanking && Metric.coverage(k: 5).isRanking)
    }

    @Test func summaryMeanAndSampleDeviation() throws {
        let summary = try MetricSummary(metric: .rmse, perFold: [1, 2, 3, 4])
        #expect(summary.mean == 2.5)
        #expect(abs((summary.standardDeviation ?? 0) - (5.0 / 3).squareRoot()) < 1e-15)
        #expect(try MetricSummary(metric: .rmse, perFold: [0.9]).standardDeviation == nil)
        #expect(throws: MLCoreError.self) { try MetricSummary(metric: .mae, perFold: []) }
    }
}

extension MetricTests {
    @Test func summariesFromFoldTable() throws {
        let summaries = try MetricSummary.summaries(of: [.rmse, .ndcg(k: 10)], foldValues: [[1.0, 0.25], [0.5, 0.75]])
        #expect(summaries.map(\.perFold) == [[1.0, 0.5], [0.25, 0.75]])
        #expect(summaries.map(\.mean) == [0.75, 0.5])
        do {
            _ = try MetricSummary.summaries(of: [.rmse], foldValues: [[1.0, 2.0]])
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "fold 1 has 2 values for 1 metrics")
        }
    }
}

import Foundation

extension MetricTests {
    @Test func summariesEncodeWithMetricNames() throws {
        let summary = try MetricSummary(metric: .ndcg(k: 10), perFold: [0.5, 0.25])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(summary), as: UTF8.self)
        #expect(json == #"{"mean":0.375,"metric":"ndcg@10","perFold":[0.5,0.25],"standardDeviation":0.1767766952966369}"#)
        #expect(try JSONDecoder().decode(MetricSummary.self, from: Data(json.utf8)) == summary)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Metric].self, from: Data(#"["ndgc@10"]"#.utf8)) }
    }
}
