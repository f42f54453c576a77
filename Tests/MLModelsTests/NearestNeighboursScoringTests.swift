import MLCore
import Testing
@testable import MLModels

/// knn's one-sweep all-item scoring gives exactly (same bits) what one
/// prediction per pair gives, for both axes, every estimator, truncated
/// neighbour lists, small k (the heap selects) and min_k fallbacks.
@Suite struct NearestNeighboursScoringTests {
    static let settings: [NearestNeighbours.Parameters] = NearestNeighbours.Axis.allCases.flatMap { axis in
        NearestNeighbours.Estimator.allCases.flatMap { estimator in
            [
                NearestNeighbours.Parameters(on: axis, similarity: .pearsonBaseline, estimator: estimator, k: 10, minK: 8),
                NearestNeighbours.Parameters(on: axis, similarity: .cosine, estimator: estimator, k: 40),
                NearestNeighbours.Parameters(
                    on: axis, similarity: .pearson, estimator: estimator, k: 4, minK: 1, maxNeighbours: 5),
                // `keep` below k, as a served model prunes its rows.
                NearestNeighbours.Parameters(
                    on: axis, similarity: .pearsonBaseline, estimator: estimator, k: 40, maxNeighbours: 8),
            ]
        }
    }

    /// Shares of the places beyond which item-based scoring walks rows: always, never.
    static let walkingShares = [0, Double.infinity]

    @Test(arguments: settings)
    func everyScoreIsTheSinglePredictionsBits(parameters: NearestNeighbours.Parameters) throws {
        // Users 60..<63 and items 40..<42 have no training ratings; -1 and 70 are outside every table.
        let train = syntheticRatings(users: 60, items: 40, count: 900, seed: 12)
        let unseen = RatingSet(users: train.users, items: train.items, values: train.values, userCount: 63, itemCount: 42)
        let fitted = try NearestNeighbours(parameters).fit(train: unseen, scale: 1...5, seed: 1)
        let users: [Int32] = [0, 5, 17, 59, 60, -1, 70, 5]
        let itemCount = 45
        var scores: [Double] = []
        fitted.scoreAllItems(users: users, itemCount: itemCount, into: &scores)
        var differing = 0, fellBack = 0
        for (row, user) in users.enumerated() {
            for item in 0..<itemCount {
                let single = fitted.predict(user: user, item: Int32(item))
                if single.fallback.contains(.tooFewNeighbours) { fellBack += 1 }
                if scores[row * itemCount + item] != single.value { differing += 1 }
            }
        }
        #expect(differing == 0, "\(parameters)")
        // Item-based, both ways to an item's neighbours: the columns' pass and the walk along each row.
        for walkingShare in Self.walkingShares {
            var other: [Double] = []
            fitted.scoreAllItems(
                users: users, itemCount: itemCount, into: &other, blockLength: 4096, walkingShare: walkingShare)
            #expect(other == scores, "\(parameters), walking beyond \(walkingShare)")
        }
        // The cases reach the fallbacks they are meant to test.
        if parameters.minK == 8 { #expect(fellBack > 0) }
    }

    /// A user who rated items more than once (as a server's learned events
    /// leave it) has one candidate per rating, with and without selection.
    @Test(arguments: NearestNeighbours.Axis.allCases, [4, 10, 40])
    func repeatedRatingsScoreAsTheSinglePredictions(axis: NearestNeighbours.Axis, k: Int) throws {
        let base = syntheticRatings(users: 40, items: 60, count: 1200, seed: 9)
        // Every fifth rating again, one step higher or lower.
        let again = stride(from: 0, to: base.count, by: 5).map { $0 }
        let train = RatingSet(
            users: base.users + again.map { base.users[$0] }, items: base.items + again.map { base.items[$0] },
            values: base.values + again.map { base.values[$0] < 3 ? base.values[$0] + 1 : base.values[$0] - 1 },
            userCount: 40, itemCount: 60)
        let fitted = try NearestNeighbours(.init(on: axis, k: k)).fit(train: train, scale: 1...5, seed: 1)
        let users = (0..<Int32(40)).map { $0 }
        let expected = users.flatMap { user in (0..<60).map { fitted.predict(user: user, item: Int32($0)).value } }
        for walkingShare in Self.walkingShares {
            var scores: [Double] = []
            fitted.scoreAllItems(
                users: users, itemCount: 60, into: &scores, blockLength: 4096, walkingShare: walkingShare)
            let differing = zip(scores, expected).filter { $0 != $1 }.count
            #expect(
                differing == 0,
                "\(axis), k \(k), walking beyond \(walkingShare): \(differing) of \(expected.count) scores differ")
        }
    }

    /// Item-based, an item with more than `k` rated neighbours takes the
    /// first `k` of the ranks the pass marked, or walks its row when fewer
    /// than `k` lie among the marked ranks: both give the single predictions.
    @Test(arguments: [64, 128, 256])
    func markedRanksAndTheWalkChooseTheSameNeighbours(trackedRanks: Int) throws {
        // 120 ratings per user of 300 items: rows far longer than 64, most items with more than k rated.
        let train = syntheticRatings(users: 50, items: 300, count: 6000, seed: 21)
        let fitted = try NearestNeighbours(.init(on: .items, similarity: .pearsonBaseline, k: 40)).fit(
            train: train, scale: 1...5, seed: 1)
        let users = (0..<Int32(50)).map { $0 }
        let expected = users.flatMap { user in (0..<300).map { fitted.predict(user: user, item: Int32($0)).value } }
        var scores: [Double] = []
        // Never walking every row: 120 of 300 items rated would walk them.
        fitted.scoreAllItems(
            users: users, itemCount: 300, into: &scores, blockLength: 4096, trackedRanks: trackedRanks,
            walkingShare: .infinity)
        #expect(scores == expected, "ranks marked: \(trackedRanks)")
    }

    /// Blocks smaller than the catalogue carry each sweep's place across blocks.
    @Test func blocksSmallerThanTheCatalogueChangeNothing() throws {
        let train = syntheticRatings(users: 50, items: 300, count: 3000, seed: 4)
        for axis in NearestNeighbours.Axis.allCases {
            let fitted = try NearestNeighbours(.init(on: axis, similarity: .msd, k: 7)).fit(
                train: train, scale: 1...5, seed: 1)
            let expected = [Int32(3), 8].flatMap { user in
                (0..<300).map { fitted.predict(user: user, item: Int32($0)).value }
            }
            for blockLength in [1, 7, 64, 300] {
                var scores: [Double] = []
                fitted.scoreAllItems(users: [3, 8], itemCount: 300, into: &scores, blockLength: blockLength)
                #expect(scores == expected, "\(axis), blocks of \(blockLength)")
            }
        }
    }

    @Test(arguments: [1, 2, 3, 10, 57])
    func selectionFindsTheElementOfEachRank(count: Int) {
        var generator = SeededGenerator(seed: UInt64(count))
        // Few distinct similarities, so that ties between entities decide.
        let values = (0..<count).map { entity in
            Neighbour(similarity: Double(Int.random(in: 0..<4, using: &generator)), entity: Int32(entity), rating: 3)
        }.shuffled(using: &generator)
        let sorted = values.sorted()
        for rank in 0..<count {
            var scratch = values
            #expect(NeighbourArithmetic.element(ofAscendingRank: rank, in: &scratch) == sorted[rank])
        }
    }
}
