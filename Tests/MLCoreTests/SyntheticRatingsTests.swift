import Testing
@testable import MLCore

func rmse(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for i in a.indices { sum += (a[i] - b[i]) * (a[i] - b[i]) }
    return (sum / Double(a.count)).squareRoot()
}

@Suite("Synthetic ratings")
struct SyntheticRatingsTests {
    static let seeds: [UInt64] = [1, 7, 42]

    @Test(arguments: seeds)
    func sameSeedGivesIdenticalData(seed: UInt64) throws {
        let configuration = SyntheticRatingsConfiguration(users: 200, items: 100, ratings: 3_000, seed: seed)
        let first = try SyntheticRatings(configuration)
        let second = try SyntheticRatings(configuration)
        #expect(first.ratings == second.ratings)
        #expect(first.userFactors == second.userFactors)
        var other = configuration
        other.seed = seed + 1000
        #expect(try SyntheticRatings(other).ratings != first.ratings)
    }

    @Test(arguments: seeds)
    func shapeAndRanges(seed: UInt64) throws {
        let data = try SyntheticRatings(SyntheticRatingsConfiguration(users: 300, items: 150, ratings: 5_000, seed: seed))
        let ratings = data.ratings
        #expect(ratings.count == 5_000 && ratings.userCount == 300 && ratings.itemCount == 150)
        let pairs = Set(ratings.users.indices.map { Int(ratings.users[$0]) * 1_000 + Int(ratings.items[$0]) })
        #expect(pairs.count == 5_000)
        #expect(ratings.values.allSatisfy { (1...5).contains($0) && $0 == $0.rounded() })
        let times = try #require(ratings.times)
        #expect(times.allSatisfy { $0 >= 0 && $0 < 365 * 86_400 && $0 == $0.rounded() })
    }

    @Test(arguments: seeds)
    func popularityIsSkewed(seed: UInt64) throws {
        let data = try SyntheticRatings(
            SyntheticRatingsConfiguration(users: 1_000, items: 500, ratings: 20_000, skew: 1.0, seed: seed))
        var perItem = [Int](repeating: 0, count: 500)
        for item in data.ratings.items { perItem[Int(item)] += 1 }
        perItem.sort()
        // With weights 1/rank the top item draws about 1/H(500) ≈ 15% of draws, the median item far less.
        #expect(perItem[499] > 20 * max(perItem[250], 1))
    }

    /// The generating model explains the ratings far better than their mean does.
    @Test(arguments: seeds)
    func ratingsFollowTheLatentModel(seed: UInt64) throws {
        let configuration = SyntheticRatingsConfiguration(
            users: 400, items: 200, ratings: 10_000, noise: 0.3, step: nil, seed: seed)
        let data = try SyntheticRatings(configuration)
        let ratings = data.ratings
        let truth = ratings.users.indices.map {
            SyntheticRatings.fit(
                data.expectedScore(user: Int(ratings.users[$0]), item: Int(ratings.items[$0])), to: 1...5, step: nil)
        }
        let mean = ratings.values.reduce(0, +) / Double(ratings.count)
        let modelError = rmse(truth, ratings.values)
        let meanError = rmse([Double](repeating: mean, count: ratings.count), ratings.values)
        #expect(modelError < 0.32)
        #expect(meanError > 2.5 * modelError)
    }

    @Test func noNoiseGivesExactScores() throws {
        let data = try SyntheticRatings(
            SyntheticRatingsConfiguration(users: 20, items: 20, ratings: 100, noise: 0, scale: -100...100, step: nil, seed: 3))
        for i in 0..<data.ratings.count {
            #expect(
                data.ratings.values[i] == data.expectedScore(user: Int(data.ratings.users[i]), item: Int(data.ratings.items[i])))
        }
    }

    @Test(arguments: [
        (SyntheticRatingsConfiguration(users: 0, items: 5, ratings: 1, seed: 1), "users must be at least 1, got 0"),
        (
            SyntheticRatingsConfiguration(users: 4, items: 5, ratings: 11, seed: 1),
            "ratings must be at most half of users × items (10), got 11"
        ),
        (
            SyntheticRatingsConfiguration(users: 4, items: 5, ratings: 2, noise: -1, seed: 1),
            "noise must be a finite number ≥ 0, got -1"
        ),
        (
            SyntheticRatingsConfiguration(users: 4, items: 5, ratings: 2, step: 0, seed: 1),
            "step must be a positive number, got 0"
        ),
    ])
    func rejectsBadParameters(configuration: SyntheticRatingsConfiguration, message: String) {
        #expect(throws: MLCoreError.self) { try SyntheticRatings(configuration) }
        do {
            _ = try SyntheticRatings(configuration)
        } catch {
            #expect(error.message == message && error.code == .invalidParameter)
        }
    }
}

extension SyntheticRatingsTests {
    /// A simple learner recovers the item biases: regularised mean residuals
    /// per item correlate strongly with the generating biases.
    @Test(arguments: seeds)
    func itemMeansRecoverItemBiases(seed: UInt64) throws {
        let data = try SyntheticRatings(
            SyntheticRatingsConfiguration(users: 1_000, items: 200, ratings: 40_000, skew: 0.5, seed: seed))
        let ratings = data.ratings
        let mean = ratings.values.reduce(0, +) / Double(ratings.count)
        var sums = [Double](repeating: 0, count: 200), counts = [Double](repeating: 0, count: 200)
        for row in 0..<ratings.count {
            sums[Int(ratings.items[row])] += ratings.values[row] - mean
            counts[Int(ratings.items[row])] += 1
        }
        let estimated = (0..<200).map { sums[$0] / (counts[$0] + 5) }
        #expect(pearson(estimated, data.itemBiases) > 0.85)
    }
}

func pearson(_ a: [Double], _ b: [Double]) -> Double {
    let n = Double(a.count)
    let meanA = a.reduce(0, +) / n, meanB = b.reduce(0, +) / n
    var covariance = 0.0, varianceA = 0.0, varianceB = 0.0
    for i in a.indices {
        covariance += (a[i] - meanA) * (b[i] - meanB)
        varianceA += (a[i] - meanA) * (a[i] - meanA)
        varianceB += (b[i] - meanB) * (b[i] - meanB)
    }
    return covariance / (varianceA * varianceB).squareRoot()
}

extension SyntheticRatingsTests {
    @Test func loadedShapeNamesIndices() throws {
        let data = try SyntheticRatings(SyntheticRatingsConfiguration(users: 3, items: 4, ratings: 5, scale: 0...10, seed: 8))
        let loaded = data.loadedRatings
        #expect(loaded.userIDs == ["0", "1", "2"] && loaded.itemIDs == ["0", "1", "2", "3"])
        #expect(loaded.scale == 0...10 && loaded.ratings == data.ratings && loaded.groups == nil)
    }
}
