import MLCore
import Testing
@testable import MLModels

@Suite struct PopularityTests {
    @Test func shrunkMeansAndRanking() throws {
        // Item 0: 5, 5 (n 2); item 1: 1 (n 1); item 2: 3, 3, 3 (n 3). Mean 23/6.
        let train = ratingSet([(0, 0, 5), (1, 0, 5), (0, 1, 1), (0, 2, 3), (1, 2, 3), (2, 2, 3)], users: 3, items: 4)
        let fitted = try Popularity(.init(shrinkage: 2)).fit(train: train, scale: 1...5, seed: 1)
        let mean = 20.0 / 6
        #expect(abs(fitted.predict(user: 0, item: 0).value - (10 + 2 * mean) / 4) < 1e-12)
        #expect(abs(fitted.predict(user: 9, item: 1).value - (1 + 2 * mean) / 3) < 1e-12)
        #expect(fitted.predict(user: 9, item: 1).fallback.isEmpty)
        #expect(fitted.predict(user: 0, item: 3) == Prediction(value: mean, fallback: .unknownItem))
        #expect(fitted.rankedItems == [2, 0, 1, 3])
        #expect(fitted.topItems(2) == [2, 0])
    }
}

extension PopularityTests {
    /// Item 0 is rated often and so-so, item 1 twice and highly: the damped mean puts item 1
    /// first, the count item 0. Predictions hold the means; ranking scores hold the counts.
    @Test func ranksByCountPredictsDampedMean() throws {
        var triples: [(Int32, Int32, Double)] = (0..<30).map { (Int32($0), 0, $0 % 2 == 0 ? 3 : 4) }
        triples += [(0, 1, 5), (1, 1, 5)]
        let train = ratingSet(triples, users: 31, items: 3)
        let fitted = try Popularity(.init(shrinkage: 10)).fit(train: train, scale: 1...5, seed: 1)
        let batch = fitted.predict(users: [30, 30, 30], items: [0, 1, 2])
        let mean = (15 * 3.0 + 15 * 4 + 10) / 32
        #expect(batch.values == [0, 1, 2].map { fitted.predict(user: 30, item: $0).value })
        #expect(abs(batch.values[1] - (10 + 10 * mean) / 12) < 1e-12)
        #expect(batch.values[1] > batch.values[0])
        #expect(batch.rankingScores == [30, 2, 0])
        #expect(batch.fallbacks == [[], [], .unknownItem])

        // User 30 liked item 0 and not item 1: ranked by count, the relevant item is first.
        let truth = ratingSet([(30, 0, 5), (30, 1, 2)], users: 31, items: 3)
        let test = fitted.predict(users: truth.users, items: truth.items)
        let byCount = try MetricEvaluator.evaluate(
            .mrr(k: nil), truth: truth, predictions: test.values, relevanceThreshold: 4,
            rankingScores: test.rankingScores)
        let byMean = try MetricEvaluator.evaluate(.mrr(k: nil), truth: truth, predictions: test.values, relevanceThreshold: 4)
        #expect(byCount == 1 && byMean == 0.5)
    }

    @Test func otherModelsLeaveRankingToTheirPredictions() throws {
        let train = ratingSet([(0, 0, 5), (1, 0, 4), (0, 1, 1)], users: 2, items: 2)
        #expect(try GlobalMean().fit(train: train, scale: 1...5, seed: 1).predict(users: [0], items: [1]).rankingScores == nil)
        #expect(try Baseline().fit(train: train, scale: 1...5, seed: 1).predict(users: [0], items: [1]).rankingScores == nil)
    }
}
