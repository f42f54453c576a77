/// Rating rows ordered by runs of `StratifiedBlocks.usersPerGroup` consecutive
/// users (the order an update's SGD visits), keeping their order within a run.
///
/// A replay that only grows (a share of every row seen) is kept in this order,
/// so that an update merges the new rows into it in one sequential pass rather
/// than sorting every replayed row again: that sort cost as much as the SGD
/// pass over the rows.
struct UserGroupedRows: Sendable, Equatable {
    var users: [Int32] = []
    var items: [Int32] = []
    var values: [Float] = []

    var count: Int { values.count }

    @inline(__always) static func group(of user: Int32) -> Int { Int(user) / StratifiedBlocks.usersPerGroup }

    /// `users`/`items`/`values` grouped by a stable counting sort.
    init(grouping users: [Int32], items: [Int32], values: [Float]) {
        var groupCount = 0
        let groups = [Int32](unsafeUninitializedCapacity: users.count) { groups, initialized in
            for row in users.indices {
                let group = Self.group(of: users[row])
                groups[row] = Int32(group)
                groupCount = max(groupCount, group + 1)
            }
            initialized = users.count
        }
        let sorted = StratifiedBlocks.countingSort(
            users: users, items: items, values: values, buckets: groups, bucketCount: groupCount)
        (self.users, self.items, self.values) = (sorted.users, sorted.items, sorted.values)
    }

    init(users: [Int32], items: [Int32], values: [Float]) {
        (self.users, self.items, self.values) = (users, items, values)
    }

    init() {}

    /// Both row sets in one, grouped: within a group, `self`'s rows first.
    func merged(with other: UserGroupedRows) -> UserGroupedRows {
        let blocks = mergedBlocks(with: other, strata: 1)
        return UserGroupedRows(users: blocks.users, items: blocks.items, values: blocks.values)
    }

    /// `merged(with:)` cut into the strata × strata blocks of parallel SGD in the
    /// same walk, each block's rows in merged order: no merged copy is made first.
    func mergedBlocks(with other: UserGroupedRows, strata: Int) -> StratifiedBlocks {
        let total = count + other.count, blockCount = strata * strata
        // A remainder by a power of two is a mask.
        let mask = strata & (strata - 1) == 0 ? Int32(strata - 1) : nil
        @inline(__always) func block(_ user: Int32, _ item: Int32) -> Int {
            if let mask { return Int((user & mask) * Int32(strata) + (item & mask)) }
            return Int(user) % strata * strata + Int(item) % strata
        }
        var offsets = [Int](repeating: 0, count: blockCount + 1)
        if strata > 1 {
            for row in 0..<count { offsets[block(users[row], items[row]) + 1] += 1 }
            for row in 0..<other.count { offsets[block(other.users[row], other.items[row]) + 1] += 1 }
            for index in 0..<blockCount { offsets[index + 1] += offsets[index] }
        } else {
            offsets[1] = total
        }
        var next = offsets
        var result = (users: [Int32](), items: [Int32](), values: [Float]())
        // Every slot is written once: nothing is zeroed first.
        result.users = [Int32](unsafeUninitializedCapacity: total) { outUsers, initializedUsers in
            result.items = [Int32](unsafeUninitializedCapacity: total) { outItems, initializedItems in
                result.values = [Float](unsafeUninitializedCapacity: total) { outValues, initializedValues in
                    withBuffers(of: self) { mineUsers, mineItems, mineValues in
                        withBuffers(of: other) { theirUsers, theirItems, theirValues in
                            next.withUnsafeMutableBufferPointer { next in
                                var mine = 0, theirs = 0
                                for _ in 0..<total {
                                    let takeMine =
                                        theirs == theirUsers.count
                                        || (mine < mineUsers.count
                                            && Self.group(of: mineUsers[mine]) <= Self.group(of: theirUsers[theirs]))
                                    let (user, item, value) =
                                        takeMine
                                        ? (mineUsers[mine], mineItems[mine], mineValues[mine])
                                        : (theirUsers[theirs], theirItems[theirs], theirValues[theirs])
                                    if takeMine { mine += 1 } else { theirs += 1 }
                                    let target = strata > 1 ? block(user, item) : 0
                                    let slot = next[target]
                                    next[target] = slot + 1
                                    (outUsers[slot], outItems[slot], outValues[slot]) = (user, item, value)
                                }
                            }
                        }
                    }
                    initializedValues = total
                }
                initializedItems = total
            }
            initializedUsers = total
        }
        return StratifiedBlocks(
            strata: strata, users: result.users, items: result.items, values: result.values, offsets: offsets)
    }
}

/// The columns of `rows` as buffers, for loops that read them without bounds checks.
private func withBuffers<Result>(
    of rows: UserGroupedRows,
    _ body: (UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Float>) -> Result
) -> Result {
    rows.users.withUnsafeBufferPointer { users in
        rows.items.withUnsafeBufferPointer { items in
            rows.values.withUnsafeBufferPointer { values in body(users, items, values) }
        }
    }
}
