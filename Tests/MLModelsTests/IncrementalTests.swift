import MLCore
import Testing
@testable import MLModels

@Suite struct IncrementalTests {
    /// 60 users and 40 items; the first 45 users and 30 items rate in the first part,
    /// the batch brings the rest as new ids.
    static let all = syntheticRatings(users: 60, items: 40, count: 1600, seed: 13)
    static let firstRows = all.users.indices.filter { all.users[$0] < 45 && all.items[$0] < 30 }
    static let batchRows = all.users.indices.filter { !(all.users[$0] < 45 && all.items[$0] < 30) }
    static let allIDs = ModelIdentifiers(userCount: 60, itemCount: 40)

    /// The first part alone, in its own 45 × 30 index spaces.
    static let first: RatingSet = {
        let part = all.subset(firstRows)
        return RatingSet(users: part.users, items: part.items, values: part.values, userCount: 45, itemCount: 30)
    }()
    static let firstIDs = ModelIdentifiers(userCount: 45, itemCount: 30)
    static let batch = all.subset(batchRows)

    func trainedThenUpdated<Model: IncrementalModel>(
        _ model: Model, seed: UInt64 = 3, options: UpdateOptions = UpdateOptions()
    ) throws -> TrainedModel<Model> {
        let trained = try TrainedModel.fit(
            model, train: Self.first, identifiers: Self.firstIDs, scale: 1...5, seed: seed, replay: .rows(200))
        return try trained.updated(
            with: Self.batch, userIDs: Self.allIDs.users, itemIDs: Self.allIDs.items, options: options)
    }

    func predictions<Model: IncrementalModel>(_ trained: TrainedModel<Model>) throws -> Predictions {
        try trained.predict(
            users: Self.all.users, items: Self.all.items, userIDs: Self.allIDs.users, itemIDs: Self.allIDs.items)
    }

    func checkUpdate<Model: IncrementalModel>(_ model: Model) throws {
        let first = try trainedThenUpdated(model), second = try trainedThenUpdated(model)
        let a = try predictions(first), b = try predictions(second)
        #expect(a.values.map(\.bitPattern) == b.values.map(\.bitPattern), "\(Model.kind): same seed, same bits")
        #expect(a.values.allSatisfy { (1...5).contains($0) }, "\(Model.kind)")
        // The new users and items are known after the update.
        #expect(first.identifiers.users.count == 60 && first.identifiers.items.count == 40)
        #expect(a.fallbacks.allSatisfy { !$0.contains(.unknownItem) }, "\(Model.kind)")
        // The updated state saves and loads like a fitted one.
        let decoded = try TrainedModel<Model>(decoding: first.encoded())
        #expect(try predictions(decoded).values.map(\.bitPattern) == a.values.map(\.bitPattern), "\(Model.kind)")
        #expect(decoded.updates == 1 && decoded.replay == first.replay)
    }

    @Test func everyIncrementalKindUpdatesDeterministically() throws {
        try checkUpdate(Baseline())
        try checkUpdate(MatrixFactorization(.init(factors: 6, epochs: 8)))
        try checkUpdate(SVDPlusPlus(.init(factors: 5, epochs: 5)))
        try checkUpdate(AlternatingLeastSquares(.init(factors: 4, epochs: 4)))
        try checkUpdate(NearestNeighbours())
        try checkUpdate(SlopeOne())
        try checkUpdate(Popularity())
    }

    @Test(arguments: [UInt64(1), 2])
    func factorModelsLearnTheBatch(seed: UInt64) throws {
        func batchRMSE<Model: IncrementalModel>(_ model: Model) throws -> (before: Double, after: Double) {
            let trained = try TrainedModel.fit(
                model, train: Self.first, identifiers: Self.firstIDs, scale: 1...5, seed: seed, replay: .rows(300))
            let updated = try trained.updated(with: Self.batch, userIDs: Self.allIDs.users, itemIDs: Self.allIDs.items)
            let ids = (Self.allIDs.users, Self.allIDs.items)
            let before = try trained.predict(users: Self.batch.users, items: Self.batch.items, userIDs: ids.0, itemIDs: ids.1)
            let after = try updated.predict(users: Self.batch.users, items: Self.batch.items, userIDs: ids.0, itemIDs: ids.1)
            return (
                rootMeanSquaredError(before.values, Self.batch.values), rootMeanSquaredError(after.values, Self.batch.values)
            )
        }
        for result in [
            try batchRMSE(MatrixFactorization(.init(factors: 6, epochs: 10))),
            try batchRMSE(SVDPlusPlus(.init(factors: 5, epochs: 10))),
            try batchRMSE(AlternatingLeastSquares(.init(factors: 4, epochs: 5))),
            try batchRMSE(Baseline(.init(method: .sgd))),
        ] {
            #expect(result.after < result.before - 0.05, "\(result)")
        }
    }

    @Test func exactKindsMatchARefitOnEveryRating() throws {
        let merged = try TrainedModel.fit(Popularity(), train: Self.all, identifiers: Self.allIDs, scale: 1...5, seed: 3)
        let updated = try trainedThenUpdated(Popularity())
        let refit = try predictions(merged), incremental = try predictions(updated)
        for k in refit.values.indices { #expect(abs(refit.values[k] - incremental.values[k]) < 1e-9) }
        #expect(refit.rankingScores == incremental.rankingScores)

        let slopeRefit = try predictions(
            try TrainedModel.fit(SlopeOne(), train: Self.all, identifiers: Self.allIDs, scale: 1...5, seed: 3))
        let slopeUpdated = try predictions(try trainedThenUpdated(SlopeOne()))
        // New ids get other indices than in the refit, so sums run in another order.
        for k in slopeRefit.values.indices { #expect(abs(slopeRefit.values[k] - slopeUpdated.values[k]) < 1e-9) }
    }

    @Test func knnRecomputesTheTouchedRowsAndKeepsTheOthers() throws {
        // msd does not depend on the baseline, so touched rows equal a refit's.
        let model = NearestNeighbours(.init(similarity: .msd, estimator: .basic))
        let before = try TrainedModel.fit(model, train: Self.first, identifiers: Self.firstIDs, scale: 1...5, seed: 3)
        let updated = try before.updated(with: Self.batch, userIDs: Self.allIDs.users, itemIDs: Self.allIDs.items)
        let refit = try model.fit(train: Self.all, scale: 1...5, seed: 3)
        let touchedItems = Set(Self.batch.items.map(Int.init))
        // The model's index of each original item (new items come in the order the batch meets them).
        let modelIndex = updated.identifiers.itemIndices(of: Self.allIDs.items).map(Int.init)
        var mismatches = 0
        for a in 0..<40 {
            for b in 0..<40 {
                let value = updated.fitted.similarity(modelIndex[a], modelIndex[b])
                if touchedItems.contains(a) || touchedItems.contains(b) {
                    if abs(value - refit.similarity(a, b)) > 1e-12 { mismatches += 1 }
                } else if value != before.fitted.similarity(a, b) {
                    mismatches += 1
                }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func aBatchIndexedByAnotherDataSetGivesTheSameModel() throws {
        // The batch again, with user and item indices reversed and the id tables to match.
        let userIDs = Array(Self.allIDs.users.reversed()), itemIDs = Array(Self.allIDs.items.reversed())
        let reversed = RatingSet(
            users: Self.batch.users.map { 59 - $0 }, items: Self.batch.items.map { 39 - $0 }, values: Self.batch.values,
            userCount: 60, itemCount: 40)
        let model = MatrixFactorization(.init(factors: 5, epochs: 6))
        let trained = try TrainedModel.fit(
            model, train: Self.first, identifiers: Self.firstIDs, scale: 1...5, seed: 9, replay: .rows(100))
        let direct = try trained.updated(with: Self.batch, userIDs: Self.allIDs.users, itemIDs: Self.allIDs.items)
        let other = try trained.updated(with: reversed, userIDs: userIDs, itemIDs: itemIDs)
        // New ids are appended in the order the batch meets them, which the reversal does not change.
        #expect(direct.identifiers == other.identifiers)
        #expect(try predictions(direct).values.map(\.bitPattern) == predictions(other).values.map(\.bitPattern))
    }

    @Test(arguments: [0, 50, 5000])
    func theReplaySampleIsAUniformReservoirKeptInTheState(capacity: Int) throws {
        let trained = try TrainedModel.fit(
            Baseline(), train: Self.first, identifiers: Self.firstIDs, scale: 1...5, seed: 4, replay: .rows(capacity))
        let updated = try trained.updated(with: Self.batch, userIDs: Self.allIDs.users, itemIDs: Self.allIDs.items)
        #expect(trained.replay.seen == Self.first.count)
        #expect(updated.replay.seen == Self.all.count)
        #expect(updated.replay.count == min(capacity, Self.all.count))
        // Every sampled row is a real rating, in the model's indices (named by its id tables).
        let ratings = Dictionary(
            uniqueKeysWithValues: Self.all.values.indices.map {
                (Int(Self.all.users[$0]) * 40 + Int(Self.all.items[$0]), Float(Self.all.values[$0]))
            })
        for k in 0..<updated.replay.count {
            let user = Int(updated.identifiers.users[Int(updated.replay.users[k])]) ?? -1
            let item = Int(updated.identifiers.items[Int(updated.replay.items[k])]) ?? -1
            let key = user * 40 + item
            #expect(ratings[key] == updated.replay.values[k])
        }
        let again = try TrainedModel.fit(
            Baseline(), train: Self.first, identifiers: Self.firstIDs, scale: 1...5, seed: 4, replay: .rows(capacity)
        ).updated(with: Self.batch, userIDs: Self.allIDs.users, itemIDs: Self.allIDs.items)
        #expect(again.replay == updated.replay)
    }

    @Test func aShareOfEveryRowSeenIsKeptGroupedByUser() throws {
        let trained = try TrainedModel.fit(
            Baseline(), train: Self.first, identifiers: Self.firstIDs, scale: 1...5, seed: 4, replay: .share(0.5))
        let updated = try trained.updated(with: Self.batch, userIDs: Self.allIDs.users, itemIDs: Self.allIDs.items)
        #expect(updated.replay.seen == Self.all.count)
        // A coin per row: about half of the 1,600.
        #expect(abs(updated.replay.count - 800) < 100, "\(updated.replay.count)")
        let rows = UserGroupedRows(users: updated.replay.users, items: updated.replay.items, values: updated.replay.values)
        #expect(rows.isGrouped)
        // No row twice.
        let keys = Set(rows.users.indices.map { Int(rows.users[$0]) * 1000 + Int(rows.items[$0]) })
        #expect(keys.count == rows.count)
        let everything = try TrainedModel.fit(
            Baseline(), train: Self.first, identifiers: Self.firstIDs, scale: 1...5, seed: 4, replay: .share(1)
        ).updated(with: Self.batch, userIDs: Self.allIDs.users, itemIDs: Self.allIDs.items)
        #expect(everything.replay.count == Self.all.count)
        // It saves and loads with its policy.
        let decoded = try TrainedModel<Baseline>(decoding: updated.encoded())
        #expect(decoded.replay == updated.replay && decoded.replay.policy == .share(0.5))
    }

    @Test func groupingIsStableAndMergingKeepsEachGroupsRowsInOrder() {
        let group = StratifiedBlocks.usersPerGroup
        let users: [Int32] = [Int32(3 * group), 5, Int32(group + 1), 7, Int32(3 * group + 2), Int32(group)]
        let grouped = UserGroupedRows(grouping: users, items: [0, 1, 2, 3, 4, 5], values: [0, 1, 2, 3, 4, 5])
        #expect(grouped.items == [1, 3, 2, 5, 0, 4], "by group, in the given order within one")
        let other = UserGroupedRows(grouping: [Int32(group), 0, Int32(2 * group)], items: [10, 11, 12], values: [10, 11, 12])
        let merged = grouped.merged(with: other)
        #expect(merged.items == [1, 3, 11, 2, 5, 10, 12, 0, 4], "within a group, the first set's rows first")
        #expect(merged.isGrouped && merged.values == merged.items.map { Float($0) })
    }

    /// A merge large enough to be cut into parts, placed on several threads, gives the
    /// blocks of one sequential walk: by block, then group, `self`'s rows first, each side in order.
    @Test(arguments: [2, 3])
    func aMergeInPartsEqualsOneWalk(strata: Int) {
        var generator = SeededGenerator(seed: 11)
        func rows(_ count: Int) -> UserGroupedRows {
            let users = (0..<count).map { _ in Int32.random(in: 0..<200_000, using: &generator) }
            let items = (0..<count).map { _ in Int32.random(in: 0..<5_000, using: &generator) }
            return UserGroupedRows(grouping: users, items: items, values: (0..<count).map { Float($0) })
        }
        let mine = rows(500_000), theirs = rows(300_000)
        let blocks = mine.mergedBlocks(with: theirs, strata: strata)
        typealias Row = (block: Int, group: Int, side: Int, index: Int)
        func keyed(_ rows: UserGroupedRows, side: Int) -> [Row] {
            rows.users.indices.map { index in
                let user = rows.users[index], item = rows.items[index]
                return (Int(user) % strata * strata + Int(item) % strata, UserGroupedRows.group(of: user), side, index)
            }
        }
        let expected = (keyed(mine, side: 0) + keyed(theirs, side: 1)).sorted { a, b in
            (a.block, a.group, a.side, a.index) < (b.block, b.group, b.side, b.index)
        }
        let sides = [mine, theirs]
        #expect(blocks.users == expected.map { sides[$0.side].users[$0.index] })
        #expect(blocks.items == expected.map { sides[$0.side].items[$0.index] })
        #expect(blocks.values == expected.map { sides[$0.side].values[$0.index] })
        var offsets = [0]
        for block in 0..<(strata * strata) { offsets.append(offsets[block] + expected.filter { $0.block == block }.count) }
        #expect(blocks.offsets == offsets)
    }

    /// An update's SGD visits every new and replayed row once, in the block of its user and
    /// item strata, grouped by runs of users; whichever the replay's policy.
    @Test(arguments: [ReplayPolicy.rows(150), .share(0.4)])
    func updateBlocksHoldEveryRowOnceInItsBlock(policy: ReplayPolicy) {
        var replay = ReplaySample(policy, seed: 2)
        replay.add(users: Self.first.users, items: Self.first.items, values: Self.first.values.map { Float($0) })
        let batch = UpdateBatch(ratings: Self.batch, previousUserCount: 45, previousItemCount: 30)
        let blocks = updateBlocks(batch, replay: replay, strata: 2)
        var expected: [String: Int] = [:], found: [String: Int] = [:]
        for row in Self.batch.values.indices {
            expected["\(Self.batch.users[row]) \(Self.batch.items[row]) \(Float(Self.batch.values[row]))", default: 0] += 1
        }
        for row in 0..<replay.count {
            expected["\(replay.users[row]) \(replay.items[row]) \(replay.values[row])", default: 0] += 1
        }
        for block in 0..<4 {
            let range = blocks.offsets[block]..<blocks.offsets[block + 1]
            for row in range {
                found["\(blocks.users[row]) \(blocks.items[row]) \(blocks.values[row])", default: 0] += 1
                #expect(Int(blocks.users[row]) % 2 * 2 + Int(blocks.items[row]) % 2 == block)
            }
            let groups = range.map { UserGroupedRows.group(of: blocks.users[$0]) }
            #expect(groups == groups.sorted(), "block \(block) grouped by users")
        }
        #expect(found == expected)
        #expect(blocks.offsets.last == Self.batch.count + replay.count)
    }

    @Test func theReservoirIsUniform() {
        // Offer 0..<1000 in ten batches to a reservoir of 100, many times: every row is kept ~10% of the time.
        var kept = [Int](repeating: 0, count: 1000)
        for seed in 0..<400 {
            var sample = ReplaySample(capacity: 100, seed: UInt64(seed))
            for part in 0..<10 {
                let rows = (part * 100..<(part + 1) * 100).map { Int32($0) }
                sample.add(users: rows, items: rows, values: rows.map { Float($0) })
            }
            for user in sample.users { kept[Int(user)] += 1 }
        }
        // Expected 40 per row; early and late rows alike.
        let early = kept[0..<100].reduce(0, +), late = kept[900..<1000].reduce(0, +)
        #expect(abs(early - 4000) < 400 && abs(late - 4000) < 400, "\(early) \(late)")
    }
}

/// Updates follow `on_divergence` as fits do.
@Suite struct UpdateDivergenceTests {
    func diverging<Model: IncrementalModel>(_ model: Model) throws -> TrainedModel<Model> {
        let trained = try TrainedModel.fit(
            model, train: IncrementalTests.first, identifiers: IncrementalTests.firstIDs, scale: 1...5, seed: 3,
            replay: .rows(200))
        // A step this long sends SGD to infinity; halved often enough, it does not.
        return try trained.updated(
            with: IncrementalTests.batch, userIDs: IncrementalTests.allIDs.users, itemIDs: IncrementalTests.allIDs.items,
            options: UpdateOptions(epochs: 3, learningRate: 40))
    }

    @Test func aDivergingUpdateFailsUnderFail() {
        #expect(throws: ModelError.self) { _ = try diverging(MatrixFactorization()) }
        #expect(throws: ModelError.self) { _ = try diverging(SVDPlusPlus()) }
    }

    @Test func aDivergingUpdateIsRunAgainAtHalfTheRateUnderRetry() throws {
        var mf = MatrixFactorization.Parameters()
        mf.onDivergence = .retry(times: 20)
        let updated = try diverging(MatrixFactorization(mf))
        #expect(!updated.fitted.trainingReport.retries.isEmpty)
        #expect(updated.fitted.trainingReport.summary.contains("retried with lr"))
        var svdpp = SVDPlusPlus.Parameters()
        svdpp.onDivergence = .retry(times: 20)
        let updatedSVDPP = try diverging(SVDPlusPlus(svdpp))
        #expect(!updatedSVDPP.fitted.trainingReport.retries.isEmpty)
        let predictions = try updatedSVDPP.predict(
            users: IncrementalTests.all.users, items: IncrementalTests.all.items, userIDs: IncrementalTests.allIDs.users,
            itemIDs: IncrementalTests.allIDs.items)
        #expect(predictions.values.allSatisfy { $0.isFinite })
    }
}

extension UserGroupedRows {
    /// Whether the rows are in group order.
    var isGrouped: Bool { users.indices.dropFirst().allSatisfy { Self.group(of: users[$0 - 1]) <= Self.group(of: users[$0]) } }
}
