import MLCore
import Testing
@testable import MLModels

@Suite struct NearestNeighboursTests {
    /// Items 0 and 1 are co-rated by u0 (4, 3) and u3 (2, 4); items 0 and 2 by u1 (5, 2). Mean 3.
    let small = ratingSet([(0, 0, 4), (0, 1, 3), (1, 0, 5), (1, 2, 2), (2, 1, 1), (2, 2, 3), (3, 0, 2), (3, 1, 4)])

    func itemBased(
        _ similarity: NearestNeighbours.Similarity, estimator: NearestNeighbours.Estimator = .basic,
        k: Int = 40, minK: Int = 1, shrinkage: Double = 100
    ) throws -> NearestNeighbours.Fitted {
        let parameters = NearestNeighbours.Parameters(
            on: .items, similarity: similarity, estimator: estimator, k: k, minK: minK, shrinkage: shrinkage,
            baseline: .init(epochs: 0))
        return try NearestNeighbours(parameters).fit(train: small, scale: 1...5, seed: 1)
    }

    @Test func similaritiesMatchHandComputation() throws {
        // cosine: (4·3 + 2·4) / √((16 + 4)(9 + 16)) = 20 / √500
        #expect(abs(try itemBased(.cosine).similarity(0, 1) - 20 / 500.0.squareRoot()) < 1e-12)
        #expect(abs(try itemBased(.cosine).similarity(1, 0) - 20 / 500.0.squareRoot()) < 1e-12)
        // msd: squared differences 1 + 4 over 2 co-ratings: 1 / (2.5 + 1)
        #expect(abs(try itemBased(.msd).similarity(0, 1) - 1 / 3.5) < 1e-12)
        // pearson: (2·20 - 6·7) / √((2·20 - 36)(2·25 - 49)) = -2 / 2
        #expect(abs(try itemBased(.pearson).similarity(0, 1) + 1) < 1e-12)
        // pearson-baseline with zero biases: residuals (1, 0) and (-1, 1): -1 / √(2·1), shrunk by 1 / (1 + 1)
        #expect(abs(try itemBased(.pearsonBaseline, shrinkage: 1).similarity(0, 1) + 0.5 / 2.0.squareRoot()) < 1e-12)
        // one co-rating: pearson-baseline shrinks to 0
        #expect(try itemBased(.pearsonBaseline).similarity(0, 2) == 0)
        #expect(try itemBased(.cosine).similarity(2, 2) == 1)
    }

    @Test func basicPredictionMatchesHandComputation() throws {
        // User 2 rated item 1 (1) and item 2 (3); sim(0, 1) = 20/√500, sim(0, 2) = 1.
        let fitted = try itemBased(.cosine)
        let s = 20 / 500.0.squareRoot()
        let prediction = fitted.predict(user: 2, item: 0)
        #expect(abs(prediction.value - (s * 1 + 1 * 3) / (s + 1)) < 1e-12)
        #expect(!prediction.usedFallback)
        // k = 1 keeps only the most similar neighbour, item 2.
        #expect(abs(try itemBased(.cosine, k: 1).predict(user: 2, item: 0).value - 3) < 1e-12)
    }

    @Test func baselineAndMeansEstimatorsMatchHandComputation() throws {
        // Zero biases: baseline = 3; residuals of user 2: 1 - 3, 3 - 3.
        let s = 20 / 500.0.squareRoot()
        let withBaseline = try itemBased(.cosine, estimator: .withBaseline).predict(user: 2, item: 0)
        #expect(abs(withBaseline.value - (3 + (s * -2 + 1 * 0) / (s + 1))) < 1e-12)
        // Item means: item 0 = 11/3, item 1 = 8/3, item 2 = 5/2.
        let withMeans = try itemBased(.cosine, estimator: .withMeans).predict(user: 2, item: 0)
        #expect(abs(withMeans.value - (11.0 / 3 + (s * (1 - 8.0 / 3) + 1 * (3 - 2.5)) / (s + 1))) < 1e-12)
    }

    @Test func tooFewNeighboursAndUnknownsFallBackToTheBaseline() throws {
        let fitted = try itemBased(.cosine, estimator: .withBaseline, minK: 3)
        let prediction = fitted.predict(user: 2, item: 0)
        #expect(prediction.fallback == .tooFewNeighbours)
        #expect(prediction.value == 3)
        let unknown = try itemBased(.cosine).predict(users: [9, 0], items: [0, 7])
        #expect(unknown.fallbacks == [.unknownUser, .unknownItem])
        #expect(unknown.values == [3, 3])
    }

    @Test(arguments: NearestNeighbours.Similarity.allCases)
    func userBasedEqualsItemBasedOnTheTranspose(similarity: NearestNeighbours.Similarity) throws {
        let data = syntheticRatings(users: 30, items: 25, count: 300, seed: 21)
        let transposed = RatingSet(
            users: data.items, items: data.users, values: data.values,
            userCount: data.itemCount, itemCount: data.userCount)
        let estimator: NearestNeighbours.Estimator = similarity == .pearsonBaseline ? .withBaseline : .withMeans
        let baseline = Baseline.Parameters(epochs: 0)
        let userBased = try NearestNeighbours(
            .init(on: .users, similarity: similarity, estimator: estimator, k: 5, baseline: baseline)
        )
        .fit(train: data, scale: 1...5, seed: 1)
        let itemBased = try NearestNeighbours(
            .init(on: .items, similarity: similarity, estimator: estimator, k: 5, baseline: baseline)
        )
        .fit(train: transposed, scale: 1...5, seed: 1)
        let users = (0..<30).map { Int32($0) }, items = (0..<30).map { Int32(($0 * 7) % 25) }
        let a = userBased.predict(users: users, items: items), b = itemBased.predict(users: items, items: users)
        for k in users.indices { #expect(abs(a.values[k] - b.values[k]) < 1e-9) }
    }

    @Test(arguments: NearestNeighbours.Similarity.allCases)
    func resultsDoNotDependOnThreads(similarity: NearestNeighbours.Similarity) throws {
        let data = syntheticRatings(users: 60, items: 40, count: 900, seed: 13)
        let users = (0..<600).map { Int32($0 % 60) }, items = (0..<600).map { Int32(($0 * 11) % 40) }
        var results: [[UInt64]] = []
        for threads in [1, 3] {
            let model = NearestNeighbours(.init(on: .items, similarity: similarity, estimator: .withBaseline, threads: threads))
            let fitted = try model.fit(train: data, scale: 1...5, seed: 1)
            results.append(
                fitted.predict(users: users, items: items).values.map(\.bitPattern)
                    + (0..<40).map { fitted.similarity(7, $0).bitPattern })
        }
        #expect(results[0] == results[1])
    }

    @Test func tooManyEntitiesIsAClearError() {
        let data = syntheticRatings(users: 30, items: 25, count: 300, seed: 2)
        #expect {
            _ = try NearestNeighbours(.init(on: .users, maxEntities: 10)).fit(train: data, scale: 1...5, seed: 1)
        } throws: { error in
            (error as? ModelError)?.code == .tooLarge
        }
    }
}
