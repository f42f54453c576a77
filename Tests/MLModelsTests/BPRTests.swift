import MLCore
import Testing
@testable import MLModels

@Suite struct BPRTests {
    /// Two groups of users who rate only their own group's items: each user's
    /// held-out item of their own group outranks every item of the other group.
    @Test func ranksTheUsersGroupFirst() throws {
        let train = plantedGroups()
        let fitted = try BayesianPersonalizedRanking(.init(factors: 4, epochs: 200, learningRate: 0.05)).fit(
            train: train.ratings, scale: 1...5, seed: 3)
        for (user, heldOut) in train.heldOut {
            let otherGroup = user < 10 ? 8..<16 : 0..<8
            let best = otherGroup.map { fitted.rankingScore(user: Int32(user), item: Int32($0)) }.max() ?? 0
            #expect(fitted.rankingScore(user: Int32(user), item: heldOut) > best, "user \(user)")
        }
    }

    @Test func sameSeedSameBits() throws {
        let train = syntheticRatings(users: 50, items: 40, count: 700, seed: 4)
        let model = BayesianPersonalizedRanking(.init(factors: 10, epochs: 5))
        let first = try model.fit(train: train, scale: 1...5, seed: 7)
        #expect(try model.fit(train: train, scale: 1...5, seed: 7).latent == first.latent)
        #expect(try model.fit(train: train, scale: 1...5, seed: 8).latent != first.latent)
    }

    @Test func everyUsersRowEqualsItsPairScoresBitForBit() throws {
        let train = syntheticRatings(users: 30, items: 300, count: 900, seed: 6)
        let fitted = try BayesianPersonalizedRanking(.init(factors: 13, epochs: 3)).fit(
            train: train, scale: 1...5, seed: 1)
        let users: [Int32] = [0, 7, 29, -1, 40]
        var scores: [Double] = []
        fitted.rankingScores(users: users, itemCount: 302, into: &scores)
        let expected = users.flatMap { user in (0..<302).map { fitted.rankingScore(user: user, item: Int32($0)) } }
        #expect(scores.map(\.bitPattern) == expected.map(\.bitPattern))
        #expect(scores.contains { $0 != 0 })
        let baseline = try Baseline().fit(train: train, scale: 1...5, seed: 1)
        #expect(fitted.predict(user: 2, item: 5).value == baseline.predict(user: 2, item: 5).value)
    }

    @Test func ratedPairsAreFoundByBinarySearch() {
        let pairs = BayesianPersonalizedRanking.RatedPairs(RatingIndex(plantedGroups().ratings))
        #expect(pairs.rated(user: 0, item: 1) && !pairs.rated(user: 0, item: 0) && !pairs.rated(user: 0, item: 8))
        #expect(pairs.rated(user: 19, item: 15) && !pairs.rated(user: 19, item: 11) && !pairs.rated(user: 19, item: 7))
    }

    @Test func badSettingsAreRefused() {
        let train = syntheticRatings(users: 10, items: 12, count: 60, seed: 2)
        let refused: [BayesianPersonalizedRanking.Parameters] = [
            .init(factors: 0), .init(epochs: -1), .init(learningRate: 0), .init(learningRate: .infinity),
            .init(reg: -0.1), .init(initDeviation: -1),
        ]
        for parameters in refused {
            #expect(throws: ModelError.self) {
                try BayesianPersonalizedRanking(parameters).fit(train: train, scale: 1...5, seed: 1)
            }
        }
    }
}
