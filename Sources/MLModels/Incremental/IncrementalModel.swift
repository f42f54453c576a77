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
        let fitted = try model.update(
            self.fitted,
            with: UpdateBatch(
                ratings: rows, previousUserCount: self.identifiers.users.count,
                previousItemCount: self.identifiers.items.count),
            replay: replaying ? replay : ReplaySample(capacity: 0, seed: replay.seed), options: options, seed: updateSeed)
        var replay = self.replay
        replay.add(users: users, items: items, values: batch.values.map { Float($0) })
        return TrainedModel(
            model: model, fitted: fitted, identifiers: identifiers, replay: replay, seed: seed, updates: updates + 1)
    }

    /// The model index of each batch index, appending ids the model has not seen to `table`.
    private static func mapped(_ indices: [Int32], ids: [String], into table: inout [String]) -> [Int32] {
        var position: [String: Int32] = [:]
        position.reserveCapacity(table.count)
        for (index, id) in table.enumerated() { position[id] = Int32(index) }
        var cache = [Int32](repeating: -1, count: ids.count)
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

/// The new rows and the replay rows, shuffled by `generator`, then grouped
/// by user (keeping the shuffled order within a user): what an update's SGD
/// passes visit. Grouping by user, as fits do by default, keeps each user's
/// factors in cache; the shuffle mixes new and replayed rows within a user.
func updateRows(
    _ batch: UpdateBatch, replay: ReplaySample, generator: inout SeededGenerator
) -> (users: [Int32], items: [Int32], values: [Float]) {
    var order = Array(0..<(batch.ratings.count + replay.count))
    generator.shuffle(&order)
    let newCount = batch.ratings.count
    var users = [Int32](repeating: 0, count: order.count), items = users
    var values = [Float](repeating: 0, count: order.count)
    for (slot, row) in order.enumerated() {
        if row < newCount {
            users[slot] = batch.ratings.users[row]
            items[slot] = batch.ratings.items[row]
            values[slot] = Float(batch.ratings.values[row])
        } else {
            users[slot] = replay.users[row - newCount]
            items[slot] = replay.items[row - newCount]
            values[slot] = replay.values[row - newCount]
        }
    }
    let grouped = groupedByRow(users, members: items, values: values, rowCount: batch.ratings.userCount)
    var groupedUsers = [Int32](repeating: 0, count: users.count)
    for user in 0..<batch.ratings.userCount {
        for slot in grouped.offsets[user]..<grouped.offsets[user + 1] { groupedUsers[slot] = Int32(user) }
    }
    return (groupedUsers, grouped.members, grouped.values)
}
