import Testing
import MLCore
import MLModels

/// Properties every in-process model must have.
@Suite struct EveryModelTests {
    static let models: [any RatingModel] = [
        GlobalMean(), Baseline(), Baseline(.init(method: .sgd)), MatrixFactorization(.init(factors: 10, epochs: 5)),
        SVDPlusPlus(.init(epochs: 5)), AlternatingLeastSquares(.init(factors: 5, epochs: 3)),
        NearestNeighbours(), NearestNeighbours(.init(on: .items, similarity: .pearsonBaseline, estimator: .withBaseline)),
        SlopeOne(), Popularity(), AutoRec(.init(hidden: [8], epochs: 3)), EASE(.init(lambda: 10)),
        FactorizationMachine(.init(factors: 4, epochs: 3)),
        ImplicitALS(.init(factors: 6, iterations: 3)), BayesianPersonalizedRanking(.init(factors: 6, epochs: 3)),
    ]

    @Test(arguments: [UInt64(1), 99])
    func sameSeedSameBitsAndEveryPredictionInScale(seed: UInt64) throws {
        // Users 40..<45 and items 30..<33 have no training ratings.
        let train = syntheticRatings(users: 40, items: 30, count: 500, seed: seed)
        let unseen = RatingSet(users: train.users, items: train.items, values: train.values, userCount: 45, itemCount: 33)
        let users = (0..<60).map { Int32($0 % 45) }, items = (0..<60).map { Int32(($0 * 7) % 33) }
        for model in Self.models {
            let first = try model.fit(train: unseen, scale: 1...5, seed: seed).predict(users: users, items: items)
            let second = try model.fit(train: unseen, scale: 1...5, seed: seed).predict(users: users, items: items)
            #expect(first.values.map(\.bitPattern) == second.values.map(\.bitPattern), "\(type(of: model).kind)")
            #expect(first.values.allSatisfy { (1...5).contains($0) }, "\(type(of: model).kind)")
            #expect(first.fallbacks == second.fallbacks)
            // Every pair with an unseen item says so (popularity and global mean ignore users).
            for k in items.indices where items[k] >= 30 && type(of: model).kind != GlobalMean.kind {
                #expect(first.fallbacks[k].contains(.unknownItem), "\(type(of: model).kind)")
            }
        }
    }
}
