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
