import MLCore

/// How an update learns from a new batch of ratings.
///
/// The defaults come from `bench/incremental.sh` (MovieLens 100k in 10 time
/// partitions, mf at Surprise's settings): 2 passes at 3 times the fit's
/// learning rate over the new rows and a 10,000-row replay sample stay within
/// 0.01 RMSE of a refit at every step, at about a tenth of its work.
public struct UpdateOptions: Sendable, Hashable {
    /// Passes over the new rows mixed with the replay sample.
    public var epochs: Int
    /// The step size of the update's SGD passes; nil means the model's own
    /// times `learningRateScale`.
    public var learningRate: Double?
    /// How much larger than the fit's the update's step is when `learningRate`
    /// is nil: few passes over few rows need longer steps.
    public var learningRateScale: Double

    public init(epochs: Int = 2, learningRate: Double? = nil, learningRateScale: Double = 3) {
        self.epochs = epochs
        self.learningRate = learningRate
        self.learningRateScale = learningRateScale
    }

    /// The update's step for a model that fits with `fitRate`.
    public func rate(fittedWith fitRate: Double) -> Double { learningRate ?? fitRate * learningRateScale }
}

/// New ratings for an update, already in the model's dense indices, with
/// the index spaces grown to hold the users and items the batch brings.
public struct UpdateBatch: Sendable {
    /// The new rows; `userCount`/`itemCount` are the grown index spaces.
    public let ratings: RatingSet
    /// Users and items the model had before the batch; indices from these on are new.
    public let previousUserCount: Int
    public let previousItemCount: Int
    /// The new rows grouped by user (`UserGroupedRows`), when the replay is kept
    /// so too: grouped once for both the update and the replay.
    var grouped: UserGroupedRows? = nil
}

/// A model kind that can learn from new ratings without refitting.
public protocol IncrementalModel: PersistentModel {
    /// `fitted` updated with `batch`: new users and items are initialised as at
    /// fit time, then the model learns from the new rows mixed with `replay`
    /// (earlier rows). Equal inputs and seed give bit-identical results.
    func update(
        _ fitted: Fitted, with batch: UpdateBatch, replay: ReplaySample, options: UpdateOptions, seed: UInt64
    ) throws -> Fitted
}

extension TrainedModel where Model: IncrementalModel {
    /// This model updated with `batch`, a rating set whose dense indices are
    /// named by `userIDs`/`itemIDs` (it may come from another data set than the
    /// fit's). Ids the model never saw become new users and items; the batch's
    /// rows then join the replay sample. Without `replaying`, the update learns
    /// from the new rows alone (online learning from a few new ratings).
    public func updated(
        with batch: RatingSet, userIDs: [String], itemIDs: [String], options: UpdateOptions = UpdateOptions(),
        replaying: Bool = true
    ) throws -> TrainedModel {
        try require(options.epochs >= 0, kind: Model.kind, "update epochs must not be negative, got \(options.epochs)")
        try require(
            batch.userCount <= userIDs.count && batch.itemCount <= itemIDs.count, kind: Model.kind,
            "the batch's id tables must name every index of the batch")
        var identifiers = self.identifiers
        let users = Self.mapped(batch.users, ids: userIDs, into: &identifiers.users)
        let items = Self.mapped(batch.items, ids: itemIDs, into: &identifiers.items)
        let rows = RatingSet(
            users: users, items: items, values: batch.values, times: batch.times,
            userCount: identifiers.users.count, itemCount: identifiers.items.count)
        let updateSeed = seed &+ UInt64(updates + 1) &* 0x9e37_79b9_7f4a_7c15
        var update = UpdateBatch(
            ratings: rows, previousUserCount: self.identifiers.users.count,
            previousItemCount: self.identifiers.items.count)
        var replay = self.replay
        if case .share = replay.policy {
            update.grouped = UserGroupedRows(grouping: users, items: items, values: rows.values.map { Float($0) })
        }
        let fitted = try model.update(
            self.fitted, with: update,
            replay: replaying ? replay : ReplaySample(capacity: 0, seed: replay.seed), options: options, seed: updateSeed)
        if let grouped = update.grouped {
            replay.add(grouped)
        } else {
            replay.add(users: users, items: items, values: batch.values.map { Float($0) })
        }
        return TrainedModel(
            model: model, fitted: fitted, identifiers: identifiers, replay: replay, seed: seed, updates: updates + 1)
    }

    /// The model index of each batch index, appending ids the model has not seen to `table`.
    private static func mapped(_ indices: [Int32], ids: [String], into table: inout [String]) -> [Int32] {
        var cache = [Int32](repeating: -1, count: ids.count)
        var position: [String: Int32] = [:]
        // Mostly the batch's table extends the model's own (one id table for the whole
        // stream): the model's ids keep their indices, and no id needs hashing.
        if ids.count >= table.count, ids.starts(with: table) {
            for index in table.indices { cache[index] = Int32(index) }
        } else {
            position.reserveCapacity(table.count)
            for (index, id) in table.enumerated() { position[id] = Int32(index) }
        }
        return indices.map { index in
            let slot = Int(index)
            if cache[slot] >= 0 { return cache[slot] }
            let id = ids[slot]
            let mapped: Int32
            if let known = position[id] {
                mapped = known
            } else {
                mapped = Int32(table.count)
                table.append(id)
                position[id] = mapped
            }
            cache[slot] = mapped
            return mapped
        }
    }
}

/// The new rows and the replay rows grouped by runs of consecutive users:
/// what an update's SGD passes visit. Grouping by user, as fits do by default,
/// keeps the factors of the users being visited in cache; within a group, new
/// and replayed rows come interleaved.
func updateRows(_ batch: UpdateBatch, replay: ReplaySample) -> (users: [Int32], items: [Int32], values: [Float]) {
    let blocks = updateBlocks(batch, replay: replay, strata: 1)
    return (blocks.users, blocks.items, blocks.values)
}

/// `updateRows` cut into the strata × strata blocks of parallel SGD.
func updateBlocks(_ batch: UpdateBatch, replay: ReplaySample, strata: Int) -> StratifiedBlocks {
    let new = batch.ratings
    if case .share = replay.policy {
        // The replay is grouped already: group the new rows alone and merge them in.
        let fresh =
            batch.grouped ?? UserGroupedRows(grouping: new.users, items: new.items, values: new.values.map { Float($0) })
        return UserGroupedRows(users: replay.users, items: replay.items, values: replay.values)
            .mergedBlocks(with: fresh, strata: strata)
    }
    let newCount = new.count, count = newCount + replay.count
    // Bresenham's walk over the two sources: after k rows, ⌊k·n/(n+r)⌋ of them are new.
    func interleaved<T>(_ fromNew: (Int) -> T, _ fromReplay: (Int) -> T) -> [T] {
        [T](unsafeUninitializedCapacity: count) { column, initialized in
            var taken = 0, error = 0
            for row in 0..<count {
                error += newCount
                if error >= count || row - taken >= replay.count {
                    error -= count
                    column[row] = fromNew(taken)
                    taken += 1
                } else {
                    column[row] = fromReplay(row - taken)
                }
            }
            initialized = count
        }
    }
    let users = interleaved({ new.users[$0] }, { replay.users[$0] })
    let items = interleaved({ new.items[$0] }, { replay.items[$0] })
    let values = interleaved({ Float(new.values[$0]) }, { replay.values[$0] })
    return StratifiedBlocks(
        groupingUsers: users, items: items, values: values, userCount: new.userCount, itemCount: new.itemCount,
        strata: strata)
}
