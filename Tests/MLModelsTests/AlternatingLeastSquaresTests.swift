import MLCore
import Testing
@testable import MLModels

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
        #expect(
            one.predict(users: users, items: items).values.map(\.bitPattern)
                == two.predict(users: users, items: items).values.map(\.bitPattern))
    }

    @Test func oneFactorRidgeMatchesHandSolution() throws {
        // Solving [x 1]·w = t for one row by hand: with features (1, 1) and (2, 1), targets 1 and 2,
        // and ridge λ, w solves [[5 + λ, 3], [3, 2 + λ]] w = [5, 3].
        var system = RidgeSystem(width: 2)
        let rows: [Double] = [1, 99, 2, 99]  // the second slot (a bias) is replaced by 1
        var solution = [Double](repeating: 0, count: 2)
        rows.withUnsafeBufferPointer { rows in
            system.add(features: rows.baseAddress!, target: 1)
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
