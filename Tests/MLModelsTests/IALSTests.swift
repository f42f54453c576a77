import MLCore
import Testing
@testable import MLModels

@Suite struct IALSTests {
    /// One factor, one item y = 2 rated by the only user, c = 1 + alpha = 3,
    /// λ = 1: (y² + λ + (c - 1) y²) x = c y, so 13 x = 6; one CG step is exact in one dimension.
    @Test func oneRowByHand() {
        let stride = LatentScores.stride(factors: 1)
        var fixed = [Double](repeating: 0, count: stride)
        fixed[0] = 2
        let solver = ConjugateGradientRows(stride: stride, steps: 1, confidence: 3, threads: 1)
        let gram = solver.gram(fixed, reg: 1, factors: 1)
        #expect(gram[0] == 5)
        var solved = [Double](repeating: 0, count: 2 * stride)
        solved[0] = 0.4
        solved[stride] = 0.7
        // The second row rated nothing: its factors become zero.
        solver.solve(&solved, lists: RatedRows(offsets: [0, 1, 1], members: [0]), fixed: fixed, gram: gram)
        #expect(abs(solved[0] - 6.0 / 13) < 1e-12)
        #expect(solved[stride] == 0)
    }

    /// With as many CG steps as factors, each row is the exact solution of its
    /// normal equations (YᵀY + λI + (c - 1) Σ y_i y_iᵀ) x = c Σ y_i, as a direct solve gives it.
    @Test func enoughStepsMatchADirectSolve() {
        let factors = 6, stride = LatentScores.stride(factors: factors), items = 15, reg = 0.3, alpha = 4.0
        var generator = SeededGenerator(seed: 8)
        var fixed = [Double](repeating: 0, count: items * stride)
        for row in 0..<items {
            for f in 0..<factors { fixed[row * stride + f] = generator.nextGaussian() }
        }
        let rated: [[Int32]] = [[0, 3, 4, 9], [1], [2, 5, 6, 7, 8, 10, 11, 12, 13, 14]]
        var offsets = [0]
        for list in rated { offsets.append(offsets[offsets.count - 1] + list.count) }
        var solved = (0..<(rated.count * stride)).map { $0 % stride < factors ? 0.1 * Double($0 % 5) : 0 }
        let solver = ConjugateGradientRows(stride: stride, steps: factors, confidence: 1 + alpha, threads: 1)
        solver.solve(
            &solved, lists: RatedRows(offsets: offsets, members: rated.flatMap { $0 }), fixed: fixed,
            gram: solver.gram(fixed, reg: reg, factors: factors))
        for (row, list) in rated.enumerated() {
            var matrix = [Double](repeating: 0, count: factors * factors), right = [Double](repeating: 0, count: factors)
            for item in 0..<items {
                let weight = list.contains(Int32(item)) ? 1 + alpha : 1
                for a in 0..<factors {
                    if weight > 1 { right[a] += weight * fixed[item * stride + a] }
                    for b in 0..<factors {
                        matrix[a * factors + b] += weight * fixed[item * stride + a] * fixed[item * stride + b]
                    }
                }
            }
            for a in 0..<factors { matrix[a * factors + a] += reg }
            let direct = gaussianSolve(matrix, right, size: factors)
            for f in 0..<factors {
                #expect(abs(solved[row * stride + f] - direct[f]) < 1e-6, "row \(row) factor \(f)")
            }
            for f in factors..<stride { #expect(solved[row * stride + f] == 0) }
        }
    }

    /// Two groups of users who rate only their own group's items: every item a
    /// user did not rate in their own group outranks every item of the other group.
    @Test func ranksTheUsersGroupFirst() throws {
        let train = plantedGroups()
        let fitted = try ImplicitALS(.init(factors: 4, iterations: 10, reg: 0.1, alpha: 5)).fit(
            train: train.ratings, scale: 1...5, seed: 3)
        for (user, heldOut) in train.heldOut {
            let ownGroup = user < 10 ? 0..<8 : 8..<16, otherGroup = user < 10 ? 8..<16 : 0..<8
            let best = otherGroup.map { fitted.rankingScore(user: Int32(user), item: Int32($0)) }.max() ?? 0
            #expect(fitted.rankingScore(user: Int32(user), item: heldOut) > best, "user \(user)")
            #expect(ownGroup.contains(Int(heldOut)))
        }
    }

    @Test func sameSeedSameBitsWhateverTheThreads() throws {
        let train = syntheticRatings(users: 50, items: 40, count: 700, seed: 4)
        let model = ImplicitALS(.init(factors: 10, iterations: 4))
        var threaded = model
        threaded.parameters.threads = 3
        let first = try model.fit(train: train, scale: 1...5, seed: 7)
        #expect(try model.fit(train: train, scale: 1...5, seed: 7).latent == first.latent)
        #expect(try threaded.fit(train: train, scale: 1...5, seed: 7).latent == first.latent)
        #expect(try model.fit(train: train, scale: 1...5, seed: 8).latent != first.latent)
    }

    @Test func everyUsersRowEqualsItsPairScoresBitForBit() throws {
        let train = syntheticRatings(users: 30, items: 300, count: 900, seed: 6)
        let fitted = try ImplicitALS(.init(factors: 13, iterations: 2)).fit(train: train, scale: 1...5, seed: 1)
        let users: [Int32] = [0, 7, 29, -1, 40]
        var scores: [Double] = []
        fitted.rankingScores(users: users, itemCount: 302, into: &scores)
        let expected = users.flatMap { user in (0..<302).map { fitted.rankingScore(user: user, item: Int32($0)) } }
        #expect(scores.map(\.bitPattern) == expected.map(\.bitPattern))
        #expect(scores.contains { $0 != 0 })
        // Ratings are the baseline's.
        let baseline = try Baseline().fit(train: train, scale: 1...5, seed: 1)
        #expect(fitted.predict(user: 2, item: 5).value == baseline.predict(user: 2, item: 5).value)
    }

    @Test func badSettingsAreRefused() {
        let train = syntheticRatings(users: 10, items: 12, count: 60, seed: 2)
        let refused: [ImplicitALS.Parameters] = [
            .init(factors: 0), .init(iterations: -1), .init(reg: 0), .init(reg: .nan), .init(alpha: -1),
            .init(cgSteps: 0), .init(initDeviation: -1), .init(threads: 0),
        ]
        for parameters in refused {
            #expect(throws: ModelError.self) { try ImplicitALS(parameters).fit(train: train, scale: 1...5, seed: 1) }
        }
    }
}

/// Users 0..<10 rate items 0..<8, users 10..<20 items 8..<16, each all but
/// one of their group's items (the held-out one, different per user).
func plantedGroups() -> (ratings: RatingSet, heldOut: [(Int, Int32)]) {
    var users: [Int32] = [], items: [Int32] = [], heldOut: [(Int, Int32)] = []
    for user in 0..<20 {
        let group = user < 10 ? 0 : 8, skipped = Int32(group + user % 8)
        heldOut.append((user, skipped))
        for item in group..<(group + 8) where Int32(item) != skipped {
            users.append(Int32(user))
            items.append(Int32(item))
        }
    }
    let ratings = RatingSet(
        users: users, items: items, values: users.indices.map { Double(1 + $0 % 5) }, userCount: 20, itemCount: 16)
    return (ratings, heldOut)
}

/// x with A x = b by Gaussian elimination with partial pivoting (A is n × n, row-major).
func gaussianSolve(_ matrix: [Double], _ right: [Double], size n: Int) -> [Double] {
    var a = matrix, b = right
    for column in 0..<n {
        let pivot = (column..<n).max { abs(a[$0 * n + column]) < abs(a[$1 * n + column]) } ?? column
        for k in 0..<n { a.swapAt(column * n + k, pivot * n + k) }
        b.swapAt(column, pivot)
        for row in (column + 1)..<n {
            let factor = a[row * n + column] / a[column * n + column]
            for k in column..<n { a[row * n + k] -= factor * a[column * n + k] }
            b[row] -= factor * b[column]
        }
    }
    var x = [Double](repeating: 0, count: n)
    for row in stride(from: n - 1, through: 0, by: -1) {
        var value = b[row]
        for k in (row + 1)..<n { value -= a[row * n + k] * x[k] }
        x[row] = value / a[row * n + row]
    }
    return x
}
