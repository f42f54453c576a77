import MLCore
import Testing
@testable import MLModels

@Suite("Learning member weights")
struct WeightFittingTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func leastSquaresRecoversKnownWeights(seed: UInt64) throws {
        let data = linearlyMixed(weights: [0.7, 0.3], rows: 2_000, noise: 0.01, seed: seed)
        let combination = try PredictionCombiner.fitWeights(.leastSquares, members: data.members, targets: data.targets)
        #expect(abs(combination.weights[0] - 0.7) < 0.005)
        #expect(abs(combination.weights[1] - 0.3) < 0.005)
        #expect(abs(combination.intercept) < 0.02)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func nonNegativeRecoversKnownWeights(seed: UInt64) throws {
        let data = linearlyMixed(weights: [0.7, 0.3], rows: 2_000, noise: 0.01, seed: seed)
        let combination = try PredictionCombiner.fitWeights(.nonNegative, members: data.members, targets: data.targets)
        #expect(abs(combination.weights[0] - 0.7) < 0.005)
        #expect(abs(combination.weights[1] - 0.3) < 0.005)
        #expect(combination.intercept == 0)
        #expect(abs(combination.weights.reduce(0, +) - 1) < 1e-12)
    }

    /// Two correlated members and a target that leans past the first: the unconstrained
    /// solution gives the second a negative weight, NNLS gives it exactly zero.
    @Test(arguments: [4, 5, 6] as [UInt64])
    func nonNegativeWhereLeastSquaresGoesNegative(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed, label: "test.correlated")
        let truth = (0..<1_000).map { _ in 3 + generator.nextGaussian() }
        let a = truth.map { $0 + 0.3 * generator.nextGaussian() }
        let b = truth.map { $0 + 0.3 * generator.nextGaussian() }
        let targets = (0..<truth.count).map { 1.4 * a[$0] - 0.4 * b[$0] + 0.05 * generator.nextGaussian() }
        let free = try PredictionCombiner.leastSquares(members: [a, b], targets: targets, alpha: 0, intercept: false)
        #expect(free.weights[1] < -0.2)
        let combination = try PredictionCombiner.fitWeights(.nonNegative, members: [a, b], targets: targets)
        #expect(combination.weights == [1, 0])
        #expect(combination.intercept == 0)
    }

    @Test(arguments: [7, 8, 9, 10] as [UInt64])
    func nonNegativeWeightsAreNonNegativeAndSumToOne(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed, label: "test.signs")
        let weights = (0..<5).map { _ in generator.nextGaussian() }
        let data = linearlyMixed(weights: weights, rows: 300, noise: 0.5, seed: seed)
        let combination = try PredictionCombiner.fitWeights(.nonNegative, members: data.members, targets: data.targets)
        #expect(combination.weights.allSatisfy { $0 >= 0 })
        #expect(abs(combination.weights.reduce(0, +) - 1) < 1e-12)
    }

    @Test func nonNegativeFallsBackToTheAverageWhenEveryWeightIsZero() throws {
        // Both members anti-correlate with the target: every gradient is negative at zero.
        let a: [Double] = [1, 2, 3, 4], b: [Double] = [2, 3, 4, 5]
        let targets: [Double] = [-1, -2, -3, -4]
        let combination = try PredictionCombiner.fitWeights(.nonNegative, members: [a, b], targets: targets)
        #expect(combination == .average(of: 2))
    }

    @Test(arguments: [11, 12, 13] as [UInt64])
    func inverseErrorRanksTheBetterMemberHigher(seed: UInt64) throws {
        let data = noisyMembers(noise: [0.3, 0.6, 1.2], rows: 1_000, seed: seed)
        let combination = try PredictionCombiner.fitWeights(.inverseError(power: 2), members: data.members, targets: data.targets)
        let w = combination.weights
        #expect(w[0] > w[1] && w[1] > w[2])
        #expect(abs(w.reduce(0, +) - 1) < 1e-12)
        #expect(combination.intercept == 0)
        let errors = data.members.map { rootMeanSquaredError($0, data.targets) }
        #expect(abs(w[0] / w[1] - (errors[1] / errors[0]) * (errors[1] / errors[0])) < 1e-9)
    }

    @Test func inverseErrorEdgeCases() throws {
        let data = noisyMembers(noise: [0.3, 0.6], rows: 200, seed: 14)
        let flat = try PredictionCombiner.fitWeights(.inverseError(power: 0), members: data.members, targets: data.targets)
        #expect(flat.weights == [0.5, 0.5])
        let perfect = try PredictionCombiner.fitWeights(
            .inverseError(power: 1), members: [data.members[0], data.targets, data.targets], targets: data.targets)
        #expect(perfect.weights == [0, 0.5, 0.5])
        #expect(throws: ModelError.self) {
            try PredictionCombiner.fitWeights(.inverseError(power: -1), members: data.members, targets: data.targets)
        }
    }

    @Test func inputErrorsCarryCodes() throws {
        func code(_ body: () throws -> LinearCombination) -> ModelError.Code? {
            do { _ = try body() } catch let error as ModelError { return error.code } catch {}
            return nil
        }
        #expect(code { try PredictionCombiner.fitWeights(.leastSquares, members: [], targets: [1]) } == .invalidParameter)
        #expect(code { try PredictionCombiner.fitWeights(.nonNegative, members: [[]], targets: []) } == .emptyTrainingSet)
        #expect(code { try PredictionCombiner.fitWeights(.nonNegative, members: [[1, 2]], targets: [1]) } == .invalidParameter)
        #expect(code { try PredictionCombiner.normalizedWeights([]) } == .invalidParameter)
        #expect(code { try PredictionCombiner.normalizedWeights([0, 0]) } == .invalidParameter)
        #expect(code { try PredictionCombiner.normalizedWeights([-1, 2]) } == .invalidParameter)
        #expect(code { try PredictionCombiner.normalizedWeights([.nan, 2]) } == .invalidParameter)
    }

    @Test func normalizedWeightsSumToOne() throws {
        #expect(try PredictionCombiner.normalizedWeights([1, 3]) == LinearCombination(weights: [0.25, 0.75]))
        #expect(try PredictionCombiner.normalizedWeights([0, 2]) == LinearCombination(weights: [0, 1]))
        #expect(try PredictionCombiner.normalizedWeights([5]) == LinearCombination(weights: [1]))
    }

    /// The rules the pipelines already use give the same bits as before the solver moved
    /// onto flat design matrices.
    @Test(arguments: [21, 22, 23] as [UInt64])
    func existingRulesAreBitIdentical(seed: UInt64) throws {
        let data = noisyMembers(noise: [0.4, 0.7, 0.9], rows: 500, seed: seed)
        for (alpha, intercept) in [(0.0, true), (0.0, false), (2.5, true), (2.5, false)] {
            let expected = try #require(
                referenceLeastSquares(members: data.members, targets: data.targets, alpha: alpha, intercept: intercept))
            let stacked = try PredictionCombiner.fit(
                .stacking(alpha: alpha, intercept: intercept), members: data.members, targets: data.targets)
            #expect(stacked == expected)
            #expect(stacked.weights.map(\.bitPattern) == expected.weights.map(\.bitPattern))
            #expect(stacked.intercept.bitPattern == expected.intercept.bitPattern)
        }
        let whisper = 1e-9 * Double(data.targets.count)
        var weights = try #require(
            referenceLeastSquares(members: data.members, targets: data.targets, alpha: whisper, intercept: false)
        ).weights
        weights = weights.map { max(0, $0) }
        let total = weights.reduce(0, +)
        #expect(
            try PredictionCombiner.fit(.weighted(normalize: false), members: data.members, targets: data.targets)
                == LinearCombination(weights: weights))
        #expect(
            try PredictionCombiner.fit(.weighted(normalize: true), members: data.members, targets: data.targets)
                == LinearCombination(weights: weights.map { $0 / total }))
    }
}

@Suite("Non-negative least squares")
struct NonNegativeLeastSquaresTests {
    /// Against brute force: the best unconstrained fit over every subset of columns whose
    /// solution is strictly positive is the NNLS optimum.
    @Test(arguments: [31, 32, 33, 34, 35] as [UInt64])
    func matchesExhaustiveSearch(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed, label: "test.nnls")
        let columns = 4, rows = 60
        let truth = (0..<columns).map { _ in generator.nextGaussian() }
        let data = linearlyMixed(weights: truth, rows: rows, noise: 0.8, seed: seed)
        let design = DesignMatrix(columns: data.members, rows: rows)
        let solution = NonNegativeLeastSquares.solve(design, targets: data.targets)
        #expect(solution.allSatisfy { $0 >= 0 })

        var best = [Double](repeating: 0, count: columns)
        var bestResidual = sumOfSquaredResiduals(design, best, data.targets)
        for mask in 1..<(1 << columns) {
            let chosen = (0..<columns).filter { mask & (1 << $0) != 0 }
            let fit = try PredictionCombiner.leastSquares(
                members: chosen.map { data.members[$0] }, targets: data.targets, alpha: 0, intercept: false)
            guard fit.weights.allSatisfy({ $0 > 0 }) else { continue }
            var weights = [Double](repeating: 0, count: columns)
            for (position, column) in chosen.enumerated() { weights[column] = fit.weights[position] }
            let residual = sumOfSquaredResiduals(design, weights, data.targets)
            if residual < bestResidual {
                best = weights
                bestResidual = residual
            }
        }
        for column in 0..<columns { #expect(abs(solution[column] - best[column]) < 1e-9) }
    }

    /// Karush-Kuhn-Tucker conditions: zero gradient on positive coefficients, a
    /// non-positive one on zero coefficients.
    @Test(arguments: [41, 42, 43] as [UInt64])
    func satisfiesOptimalityConditions(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed, label: "test.kkt")
        // Mixed signs, the first two positive so that the optimum is not all zeros.
        let truth = (0..<8).map { $0 < 2 ? 0.5 + abs(generator.nextGaussian()) : generator.nextGaussian() }
        let data = linearlyMixed(weights: truth, rows: 400, noise: 1, seed: seed)
        let design = DesignMatrix(columns: data.members, rows: 400)
        let solution = NonNegativeLeastSquares.solve(design, targets: data.targets)
        #expect(solution.contains(0) && solution.contains { $0 > 0 })
        for column in 0..<design.columns {
            var gradient = 0.0
            for row in 0..<design.rows {
                var fitted = 0.0
                for other in 0..<design.columns { fitted += solution[other] * design.values[other * design.rows + row] }
                gradient += design.values[column * design.rows + row] * (data.targets[row] - fitted)
            }
            if solution[column] > 0 {
                #expect(abs(gradient) < 1e-6)
            } else {
                #expect(gradient < 1e-6)
            }
        }
    }

    @Test func duplicateColumnsDoNotStallTheSolver() {
        let a: [Double] = [1, 2, 3, 4, 5]
        let targets: [Double] = [2, 4, 6, 8, 10]
        let solution = NonNegativeLeastSquares.solve(DesignMatrix(columns: [a, a], rows: 5), targets: targets)
        #expect(abs(solution[0] + solution[1] - 2) < 1e-12)
        #expect(solution.allSatisfy { $0 >= 0 })
    }
}
