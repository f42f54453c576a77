import MLCore
import Testing
@testable import MLModels

/// All-item scoring gives what `predict(user:item:)` gives, for every kind.
@Suite struct AllItemScoringTests {
    static let models: [any RatingModel] = [
        GlobalMean(), Baseline(), Popularity(), MatrixFactorization(.init(factors: 10, epochs: 5)),
        MatrixFactorization(.init(factors: 3, epochs: 5, biased: false)), SVDPlusPlus(.init(factors: 9, epochs: 5)),
        AlternatingLeastSquares(.init(factors: 5, epochs: 3)), NearestNeighbours(),
        NearestNeighbours(.init(on: .items, similarity: .pearsonBaseline, estimator: .withBaseline)), SlopeOne(),
    ]

    /// Float rounding of another summation order; the kernels keep `estimate`'s order, so today they agree exactly.
    static let tolerance = 1e-5

    @Test(arguments: [UInt64(3), 41])
    func everyScoreEqualsTheSinglePrediction(seed: UInt64) throws {
        // Users 40..<45 and items 30..<33 have no training ratings; -1 and 50 are outside every table;
        // 11 users exercise full blocks of 4 and a remainder.
        let train = syntheticRatings(users: 40, items: 30, count: 500, seed: seed)
        let unseen = RatingSet(users: train.users, items: train.items, values: train.values, userCount: 45, itemCount: 33)
        let users: [Int32] = [0, 1, 2, 3, 39, 40, 44, -1, 50, 7, 7]
        let itemCount = 35
        for model in Self.models {
            let kind = type(of: model).kind
            let scorer = try #require(try model.fit(train: unseen, scale: 1...5, seed: seed) as? any AllItemScoring)
            var scores: [Double] = [7, 7]
            scorer.scoreAllItems(users: users, itemCount: itemCount, into: &scores)
            #expect(scores.count == users.count * itemCount, "\(kind)")
            var worst = 0.0
            for (row, user) in users.enumerated() {
                for item in 0..<itemCount {
                    let expected = scorer.predict(user: user, item: Int32(item)).value
                    worst = max(worst, abs(scores[row * itemCount + item] - expected))
                }
            }
            #expect(worst <= Self.tolerance, "\(kind): \(worst)")
        }
    }

    @Test func theBlockedProductEqualsEachDotProduct() {
        var generator = SeededGenerator(seed: 9, label: "test")
        var users = FactorMatrix(rows: 7, factors: 13), items = FactorMatrix(rows: 300, factors: 13)
        users.fillNormal(mean: 0, deviation: 1, generator: &generator)
        items.fillNormal(mean: 0, deviation: 1, generator: &generator)
        let batch: [Int32] = [6, 0, 3, 3, 1]
        var dots: [Float] = []
        users.products(users: batch, with: items, itemCount: 290, into: &dots)
        var mismatches = 0
        for (row, user) in batch.enumerated() {
            for item in 0..<290 {
                let a = users.row(Int(user)), b = items.row(item)
                var sum = SIMD8<Float>.zero
                for chunk in 0..<users.stride {
                    var x = SIMD8<Float>.zero, y = SIMD8<Float>.zero
                    for lane in 0..<8 where chunk * 8 + lane < 13 {
                        x[lane] = a[chunk * 8 + lane]
                        y[lane] = b[chunk * 8 + lane]
                    }
                    sum += x * y
                }
                if dots[row * 290 + item] != sum.sum() { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func aBatchRecommendsWhatEachUserAloneGets() throws {
        let ratings = syntheticRatings(users: 30, items: 20, count: 300, seed: 5)
        let ids = ModelIdentifiers(userCount: 30, itemCount: 20)
        let knn = try TrainedModel.fit(NearestNeighbours(), train: ratings, identifiers: ids, scale: 1...5, seed: 1)
        let mf = try TrainedModel.fit(
            MatrixFactorization(.init(factors: 4, epochs: 5)), train: ratings, identifiers: ids, scale: 1...5, seed: 2)
        let other = try TrainedModel.fit(
            MatrixFactorization(.init(factors: 4, epochs: 5)), train: ratings, identifiers: ids, scale: 1...5, seed: 3)
        let ensemble = try Ensemble(
            members: [EnsembleMember(name: "knn", models: [knn]), EnsembleMember(name: "mf", models: [mf, other])],
            combiner: .linear(LinearCombination(weights: [0.3, 0.7], intercept: 0.1)), identifiers: ids, scale: 1...5,
            rated: RatedItems(ratings), latestTime: 0)
        let users = (0..<30).map(String.init) + ["stranger"]
        let lists = ensemble.recommend(users: users, count: 6)
        for (user, list) in zip(users, lists) {
            // The reference: every item through the pairwise path.
            let all = ensemble.predict(users: [String](repeating: user, count: 20), items: (0..<20).map(String.init))
            let rated = Set(ensemble.rated.of(ensemble.user(user)))
            let expected = (0..<20).filter { !rated.contains(Int32($0)) }
                .sorted { all.values[$0] != all.values[$1] ? all.values[$0] > all.values[$1] : $0 < $1 }.prefix(6)
            #expect(list.items.map(\.id) == expected.map(String.init), "user \(user)")
            #expect(list.items.map(\.score) == expected.map { all.values[$0] }, "user \(user)")
            #expect(list.knownUser == (user != "stranger"))
        }
    }
}
