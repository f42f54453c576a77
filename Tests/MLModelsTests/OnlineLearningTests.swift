import MLCore
import Testing
@testable import MLModels

/// Predict, then learn: the stream runner, the online learners and the online combiners.
@Suite struct OnlineLearningTests {
    /// Records what it was asked and taught, in order.
    struct SpyLearner: OnlineLearner {
        final class Log: @unchecked Sendable { var events: [String] = [] }
        let log: Log
        var learned = 0

        func estimate(user: Int32, item: Int32) -> Double {
            log.events.append("predict \(user)")
            return Double(learned)
        }

        mutating func learn(user: Int32, item: Int32, rating: Double) {
            log.events.append("learn \(user)")
            learned += 1
        }
    }

    static let stream = RatingSet(
        users: [0, 1, 2, 3, 4], items: [0, 0, 0, 0, 0], values: [1, 2, 3, 4, 5], times: [5, 1, 3, 3, 2], userCount: 5,
        itemCount: 1)

    @Test func eachBatchIsPredictedBeforeItIsLearnedInTimeOrder() {
        let order = OnlineStream.timeOrder(Array(0..<5), times: [5, 1, 3, 3, 2])
        #expect(order == [1, 4, 2, 3, 0], "by time, ties in row order")
        let log = SpyLearner.Log()
        let predictions = OnlineStream.run(SpyLearner(log: log), ratings: Self.stream, order: order, batch: 2, scale: 0...10)
        #expect(predictions == [0, 0, 2, 2, 4], "a batch sees only what was learned before it")
        #expect(
            log.events == [
                "predict 1", "predict 4", "learn 1", "learn 4", "predict 2", "predict 3", "learn 2", "learn 3", "predict 0",
                "learn 0",
            ])
    }

    @Test func windowErrorsSplitTheStreamIntoEqualSpans() {
        let errors = OnlineStream.windowErrors(predictions: [1, 1, 1, 1, 1], truths: [1, 3, 1, 1, 4], windows: 2)
        // Spans [0, 2) and [2, 5): √(4/2) and √(9/3).
        #expect(errors.count == 2 && abs(errors[0] - 2.0.squareRoot()) < 1e-12 && abs(errors[1] - 3.0.squareRoot()) < 1e-12)
        #expect(OnlineStream.windowErrors(predictions: [2], truths: [1], windows: 5) == [1])
    }

    @Test func onlinePopularityIsTheBatchModelRefittedOnTheRatingsSoFar() throws {
        let ratings = syntheticRatings(users: 40, items: 15, count: 400, seed: 3)
        var learner = try #require(
            try Popularity().onlineLearner(userCount: 40, itemCount: 15, settings: OnlineSettings(), seed: 1)
                as? PopularityOnline)
        for row in 1..<200 {
            learner.learn(user: ratings.users[row - 1], item: ratings.items[row - 1], rating: ratings.values[row - 1])
            let refit = try Popularity().fit(train: ratings.subset(Array(0..<row)), scale: 1...5, seed: 1)
            let item = ratings.items[row]
            #expect(abs(learner.estimate(user: 0, item: item) - refit.estimate(user: 0, item: item).value) < 1e-9)
        }
    }

    @Test(arguments: ["baseline", "mf", "svdpp"])
    func learnersFollowTheRatingsAndRepeatBitForBit(kind: String) throws {
        let model: any OnlineModel =
            switch kind {
            case "baseline": Baseline()
            case "mf": MatrixFactorization()
            default: SVDPlusPlus()
            }
        func run() throws -> [Double] {
            let learner = try model.onlineLearner(userCount: 3, itemCount: 2, settings: OnlineSettings(), seed: 7)
            // User 0 rates item 0 high and item 1 low, again and again.
            let ratings = RatingSet(
                users: [Int32](repeating: 0, count: 200), items: (0..<200).map { Int32($0 % 2) },
                values: (0..<200).map { $0 % 2 == 0 ? 5 : 1 }, userCount: 3, itemCount: 2)
            return OnlineStream.run(learner, ratings: ratings, order: Array(0..<200), batch: 1, scale: 1...5)
        }
        let first = try run(), second = try run()
        #expect(first.map(\.bitPattern) == second.map(\.bitPattern), "same seed, same bits")
        #expect(
            first[198] > 4 && first[199] < 2, "\(kind) learned item 0 is liked and item 1 is not: \(first[198]), \(first[199])")
    }

    @Test func badOnlineSettingsAreModelErrors() {
        #expect(throws: ModelError.self) {
            try MatrixFactorization().onlineLearner(
                userCount: 1, itemCount: 1, settings: OnlineSettings(learningRate: -1), seed: 1)
        }
    }

    @Test func onlineLeastSquaresFindsTheWeightsOfAStationaryMix() {
        var generator = SeededGenerator(seed: 4, label: "test")
        let count = 3000
        let a = (0..<count).map { _ in Double.random(in: 1...5, using: &generator) }
        let b = (0..<count).map { _ in Double.random(in: 1...5, using: &generator) }
        let truths = (0..<count).map { 0.3 * a[$0] + 0.7 * b[$0] + 0.1 }
        let result = OnlineLeastSquares.combine(
            members: [a, b], ratings: truths, batch: 1, halfLife: 1e6, scale: -100...100)
        let weights = result.final.coefficients
        #expect(abs(weights[0] - 0.3) < 1e-3 && abs(weights[1] - 0.7) < 1e-3 && abs(weights[2] - 0.1) < 1e-2, "\(weights)")
        #expect(abs(result.values[count - 1] - truths[count - 1]) < 1e-3)
    }

    @Test func simplexProjectionKeepsWeightsNonNegativeSummingToOne() {
        #expect(OnlineLeastSquares.simplexProjection([-0.3, 1.3]) == [0, 1])
        #expect(OnlineLeastSquares.simplexProjection([0.5, 0.5]) == [0.5, 0.5])
        let projected = OnlineLeastSquares.simplexProjection([0.6, 0.6, -1])
        #expect(abs(projected[0] - 0.5) < 1e-12 && abs(projected[1] - 0.5) < 1e-12 && projected[2] == 0)
    }

    @Test func inverseErrorWeightsFavourTheMemberThatErrsLess() {
        var weights = OnlineWeights(halfLife: 10)
        #expect(weights.weights(members: 2) == [0.5, 0.5], "equal before any error")
        for _ in 0..<50 { weights.learn(predictions: [3.1, 4], rating: 3) }
        let learned = weights.weights(members: 2)
        // Recent squared errors 0.01 and 1: weights ∝ 100 and 1.
        #expect(abs(learned[0] - 100.0 / 101.0) < 1e-9, "\(learned)")
    }
}
