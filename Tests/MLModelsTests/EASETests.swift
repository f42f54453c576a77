import MLCore
import Testing
@testable import MLModels

@Suite struct EASETests {
    /// Three users, two items: X = [[1, 1], [1, 0], [0, 1]], so with λ = 1
    /// G = [[3, 1], [1, 3]], P = G⁻¹ = [[3, -1], [-1, 3]] / 8 and
    /// B[0][1] = -P[0][1] / P[1][1] = 1/3 = B[1][0], with a zero diagonal.
    @Test func theWeightsAreTheClosedFormByHand() throws {
        let train = RatingSet(users: [0, 0, 1, 2], items: [0, 1, 0, 1], values: [5, 1, 2, 4], userCount: 3, itemCount: 2)
        let fitted = try EASE(.init(lambda: 1)).fit(train: train, scale: 1...5, seed: 1)
        #expect(abs(Double(fitted.weights[1]) - 1.0 / 3) < 1e-6 && abs(Double(fitted.weights[2]) - 1.0 / 3) < 1e-6)
        #expect(fitted.weights[0] == 0 && fitted.weights[3] == 0)
        // User 1 rated item 0 only: item 1 scores B[0][1], item 0 (its own) B[0][0] = 0.
        #expect(abs(fitted.rankingScore(user: 1, item: 1) - 1.0 / 3) < 1e-6)
        #expect(fitted.rankingScore(user: 1, item: 0) == 0)
        // Ratings asked of the model are its baseline's, whatever the rating values were.
        let baseline = try Baseline().fit(train: train, scale: 1...5, seed: 1)
        #expect(fitted.predict(user: 2, item: 0).value == baseline.predict(user: 2, item: 0).value)
    }

    @Test func theInverseTimesTheMatrixIsTheIdentity() throws {
        var generator = SeededGenerator(seed: 3)
        let n = 37
        // A = RᵀR + I is symmetric positive definite.
        let r = (0..<(n * n)).map { _ in generator.nextGaussian() }
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                var sum = i == j ? 1.0 : 0
                for k in 0..<n { sum += r[k * n + i] * r[k * n + j] }
                a[i * n + j] = sum
            }
        }
        let inverse = try #require(symmetricInverse(a, size: n))
        var worst = 0.0
        for i in 0..<n {
            for j in 0..<n {
                var sum = 0.0
                for k in 0..<n { sum += a[i * n + k] * inverse[k * n + j] }
                worst = max(worst, abs(sum - (i == j ? 1 : 0)))
            }
        }
        #expect(worst < 1e-8, "largest error of A·A⁻¹ - I: \(worst)")
        // Not positive definite: no inverse.
        #expect(symmetricInverse([1, 2, 2, 1], size: 2) == nil)
    }

    @Test func everyUsersRowEqualsItsPairScores() throws {
        let train = syntheticRatings(users: 30, items: 25, count: 300, seed: 6)
        let fitted = try EASE(.init(lambda: 5)).fit(train: train, scale: 1...5, seed: 1)
        let users: [Int32] = [0, 7, 29, -1, 40]
        var scores: [Double] = []
        fitted.rankingScores(users: users, itemCount: 27, into: &scores)
        let expected = users.flatMap { user in (0..<27).map { fitted.rankingScore(user: user, item: Int32($0)) } }
        #expect(scores == expected)
        #expect(scores.contains { $0 != 0 })
    }

    @Test func badSettingsAreRefusedBeforeAnyWork() {
        let train = syntheticRatings(users: 10, items: 12, count: 60, seed: 2)
        #expect(throws: ModelError.self) { try EASE(.init(lambda: 0)).fit(train: train, scale: 1...5, seed: 1) }
        #expect(throws: ModelError.self) { try EASE(.init(maxItems: 11)).fit(train: train, scale: 1...5, seed: 1) }
    }
}
