import MLCore

/// Training ratings grouped both by user and by item (compressed sparse rows),
/// built once per fit so that every model walks contiguous memory.
///
/// Within a user the items are ascending, and within an item the users are
/// ascending; ties keep the training set's order.
struct RatingIndex: Sendable {
    let userCount: Int
    let itemCount: Int
    let globalMean: Double

    /// Ratings of user `u` are at `userOffsets[u] ..< userOffsets[u + 1]`.
    let userOffsets: [Int]
    let userItems: [Int32]
    let userValues: [Double]
    /// Ratings of item `i` are at `itemOffsets[i] ..< itemOffsets[i + 1]`.
    let itemOffsets: [Int]
    let itemUsers: [Int32]
    let itemValues: [Double]

    /// - Complexity: O(ratings + users + items): two stable counting sorts.
    init(_ ratings: RatingSet) {
        userCount = ratings.userCount
        itemCount = ratings.itemCount
        var sum = 0.0
        for value in ratings.values { sum += value }
        globalMean = ratings.count > 0 ? sum / Double(ratings.count) : 0

        let byItem = Self.stableOrder(keys: ratings.items, keyCount: itemCount, rows: Array(0..<ratings.count))
        let byUser = Self.stableOrder(keys: ratings.users, keyCount: userCount, rows: byItem.order)
        userOffsets = byUser.offsets
        userItems = byUser.order.map { ratings.items[$0] }
        userValues = byUser.order.map { ratings.values[$0] }

        let byItemThenUser = Self.stableOrder(keys: ratings.items, keyCount: itemCount, rows: byUser.order)
        itemOffsets = byItemThenUser.offsets
        itemUsers = byItemThenUser.order.map { ratings.users[$0] }
        itemValues = byItemThenUser.order.map { ratings.values[$0] }
    }

    /// The index of user-major lists (as `userOffsets`, `userItems`, `userValues`
    /// hold them), with the given mean: what a saved model keeps.
    init(userOffsets: [Int], userItems: [Int32], userValues: [Double], itemCount: Int, globalMean: Double) {
        userCount = userOffsets.count - 1
        self.itemCount = itemCount
        self.globalMean = globalMean
        self.userOffsets = userOffsets
        self.userItems = userItems
        self.userValues = userValues
        let rowUsers = (0..<userCount).flatMap { u in
            [Int32](repeating: Int32(u), count: userOffsets[u + 1] - userOffsets[u])
        }
        let byItem = Self.stableOrder(keys: userItems, keyCount: itemCount, rows: Array(0..<userItems.count))
        itemOffsets = byItem.offsets
        itemUsers = byItem.order.map { rowUsers[$0] }
        itemValues = byItem.order.map { userValues[$0] }
    }

    /// `rows` reordered by `keys[row]`, keeping the order of equal keys, with the offsets of each key.
    private static func stableOrder(keys: [Int32], keyCount: Int, rows: [Int]) -> (order: [Int], offsets: [Int]) {
        var offsets = [Int](repeating: 0, count: keyCount + 1)
        for row in rows { offsets[Int(keys[row]) + 1] += 1 }
        for key in 0..<keyCount { offsets[key + 1] += offsets[key] }
        var next = offsets
        var order = [Int](repeating: 0, count: rows.count)
        for row in rows {
            let key = Int(keys[row])
            order[next[key]] = row
            next[key] += 1
        }
        return (order, offsets)
    }

    @inline(__always) func ratingCount(user: Int) -> Int { userOffsets[user + 1] - userOffsets[user] }
    @inline(__always) func ratingCount(item: Int) -> Int { itemOffsets[item + 1] - itemOffsets[item] }

    /// Whether `user` is inside the index space and has at least one training rating.
    @inline(__always) func isKnown(user: Int32) -> Bool {
        user >= 0 && Int(user) < userCount && ratingCount(user: Int(user)) > 0
    }

    @inline(__always) func isKnown(item: Int32) -> Bool {
        item >= 0 && Int(item) < itemCount && ratingCount(item: Int(item)) > 0
    }

    /// The fallback flags for a pair, empty when both sides are known.
    @inline(__always) func unknownSides(user: Int32, item: Int32) -> PredictionFallback {
        var fallback: PredictionFallback = []
        if !isKnown(user: user) { fallback.insert(.unknownUser) }
        if !isKnown(item: item) { fallback.insert(.unknownItem) }
        return fallback
    }
}
