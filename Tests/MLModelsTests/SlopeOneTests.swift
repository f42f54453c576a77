import MLCore
import Testing
@testable import MLModels

@Suite struct SlopeOneTests {
    /// u0: i0=5, i1=3; u1: i0=3, i1=4, i2=2; u2: i1=2, i2=5.
    let train = ratingSet([(0, 0, 5), (0, 1, 3), (1, 0, 3), (1, 1, 4), (1, 2, 2), (2, 1, 2), (2, 2, 5)])

    @Test func predictionMatchesHandComputation() throws {
        let fitted = try SlopeOne().fit(train: train, scale: 1...5, seed: 1)
        // dev(2, 0): u1 only, 2 - 3 = -1. dev(2, 1): u1 2 - 4 = -2, u2 5 - 2 = 3, mean 0.5.
        #expect(fitted.deviation(2, 0) == -1)
        #expect(fitted.deviation(2, 1) == 0.5)
        #expect(fitted.deviation(1, 2) == -0.5)
        // dev(0, 1): u0 5 - 3 = 2, u1 3 - 4 = -1, mean 0.5.
        #expect(fitted.deviation(0, 1) == 0.5)
        // User 0's mean is 4; both of its items share a rater with item 2.
        let prediction = fitted.predict(user: 0, item: 2)
        let expected = 4 + (-1 + 0.5) / 2
        #expect(prediction.value == expected)
        #expect(!prediction.usedFallback)
    }

    @Test func unknownsFallBackToMeans() throws {
        let fitted = try SlopeOne().fit(
            train: ratingSet([(0, 0, 5), (0, 1, 3), (1, 0, 3)], users: 3, items: 3),
            scale: 1...5, seed: 1)
        #expect(fitted.predict(user: 0, item: 2) == Prediction(value: 4, fallback: .unknownItem))
        #expect(fitted.predict(user: 2, item: 0) == Prediction(value: 4, fallback: .unknownUser))
        let globalMean = 11.0 / 3
        #expect(fitted.predict(user: 2, item: 2) == Prediction(value: globalMean, fallback: [.unknownUser, .unknownItem]))
    }
}
