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
        let fitted = try SlopeOne().fit(train: ratingSet([(0, 0, 5), (0, 1, 3), (1, 0, 3)], users: 3, items: 3),
                                        scale: 1...5, seed: 1)
        #expect(fitted.predict(user: 0, item: 2) == Prediction(value: 4, fallback: .unknownItem))
        #expect(fitted.predict(user: 2, item: 0) == Prediction(value: 4, fallback: .unknownUser))
        let globalMean = 11.0 / 3
        #expect(fitted.predict(user: 2, item: 2) == Prediction(value: globalMean, fallback: [.unknownUser, .unknownItem]))
    }
}

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

@Suite struct AlternatingLeastSquaresTests {
    @Test(arguments: [UInt64(1), 2])
    func trainingLossNeverRises(seed: UInt64) throws {
        let train = syntheticRatings(users: 60, items: 40, count: 1200, seed: seed)
        let fitted = try AlternatingLeastSquares(.init(factors: 8, epochs: 8)).fit(train: train, scale: 1...5, seed: seed)
        for epoch in 1..<fitted.epochLosses.count {
            #expect(fitted.epochLosses[epoch] <= fitted.epochLosses[epoch - 1] * (1 + 1e-9))
        }
    }

    @Test func resultsDoNotDependOnThreads() throws {
        let train = syntheticRatings(users: 50, items: 30, count: 700, seed: 3)
        let users = (0..<50).map { Int32($0) }, items = (0..<50).map { Int32($0 % 30) }
        let one = try AlternatingLeastSquares(.init(factors: 6, epochs: 4, threads: 1)).fit(train: train, scale: 1...5, seed: 5)
        let two = try AlternatingLeastSquares(.init(factors: 6, epochs: 4, threads: 2)).fit(train: train, scale: 1...5, seed: 5)
        #expect(one.predict(users: users, items: items).values.map(\.bitPattern)
                == two.predict(users: users, items: items).values.map(\.bitPattern))
    }

    @Test func oneFactorRidgeMatchesHandSolution() throws {
        // Solving [x 1]·w = t for one row by hand: with features (1, 1) and (2, 1), targets 1 and 2,
        // and ridge λ, w solves [[5 + λ, 3], [3, 2 + λ]] w = [5, 3].
        var system = RidgeSystem(width: 2)
        let rows: [Double] = [1, 99, 2, 99]  // the second slot (a bias) is replaced by 1
        var solution = [Double](repeating: 0, count: 2)
        rows.withUnsafeBufferPointer { rows in
            system.add(features: rows.baseAddress! , target: 1)
            system.add(features: rows.baseAddress! + 2, target: 2)
        }
        let solved = solution.withUnsafeMutableBufferPointer { system.solve(ridge: 1, into: $0.baseAddress!) }
        #expect(solved)
        // [[6, 3], [3, 3]] w = [5, 3]: determinant 9, w = (15 - 9, 18 - 15) / 9.
        #expect(abs(solution[0] - 6.0 / 9) < 1e-12)
        #expect(abs(solution[1] - 3.0 / 9) < 1e-12)
    }

    @Test func singularSystemWithoutRegularizationIsReported() throws {
        // One rating per user and no regularization: the 3×3 system of a user has rank 1.
        let train = ratingSet([(0, 0, 4), (1, 1, 2), (2, 0, 5)])
        #expect {
            _ = try AlternatingLeastSquares(.init(factors: 2, epochs: 3, reg: 0)).fit(train: train, scale: 1...5, seed: 1)
        } throws: { error in
            guard let error = error as? ModelError else { return false }
            return error.code == .diverged && error.message.contains("regularization 0.0 is likely too small")
        }
    }

    @Test func unknownUserFallsBackToItemBias() throws {
        let train = syntheticRatings(users: 20, items: 10, count: 120, seed: 8)
        let fitted = try AlternatingLeastSquares(.init(factors: 3, epochs: 2)).fit(train: train, scale: 1...5, seed: 1)
        #expect(fitted.predict(user: 20, item: 0).fallback == .unknownUser)
    }
}
