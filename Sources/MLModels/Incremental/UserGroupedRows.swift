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
        let groupCount = (users.map { Self.group(of: $0) }.max() ?? -1) + 1
        var next = [Int](repeating: 0, count: groupCount + 1)
        for user in users { next[Self.group(of: user) + 1] += 1 }
        for group in 0..<groupCount { next[group + 1] += next[group] }
        var slots = [Int](repeating: 0, count: users.count)
        for row in users.indices {
            let group = Self.group(of: users[row])
            slots[row] = next[group]
            next[group] += 1
        }
        func placed<T>(_ column: [T]) -> [T] {
            [T](unsafeUninitializedCapacity: column.count) { placed, initialized in
                for row in column.indices { placed[slots[row]] = column[row] }
                initialized = column.count
            }
        }
        self.users = placed(users)
        self.items = placed(items)
        self.values = placed(values)
    }

    init(users: [Int32], items: [Int32], values: [Float]) {
        (self.users, self.items, self.values) = (users, items, values)
    }

    init() {}

    /// Both row sets in one, grouped: within a group, `self`'s rows first.
    func merged(with other: UserGroupedRows) -> UserGroupedRows {
        let total = count + other.count
        var result = UserGroupedRows(
            users: [Int32](repeating: 0, count: total), items: [Int32](repeating: 0, count: total),
            values: [Float](repeating: 0, count: total))
        result.users.withUnsafeMutableBufferPointer { outUsers in
            result.items.withUnsafeMutableBufferPointer { outItems in
                result.values.withUnsafeMutableBufferPointer { outValues in
                    var mine = 0, theirs = 0
                    for slot in 0..<total {
                        let takeMine =
                            theirs == other.count
                            || (mine < count && Self.group(of: users[mine]) <= Self.group(of: other.users[theirs]))
                        if takeMine {
                            (outUsers[slot], outItems[slot], outValues[slot]) = (users[mine], items[mine], values[mine])
                            mine += 1
                        } else {
                            (outUsers[slot], outItems[slot], outValues[slot]) =
                                (other.users[theirs], other.items[theirs], other.values[theirs])
                            theirs += 1
                        }
                    }
                }
            }
        }
        return result
    }

    /// `merged(with:)` cut into the strata × strata blocks of parallel SGD in the
    /// same walk, each block's rows in merged order: no merged copy is made first.
    func mergedBlocks(with other: UserGroupedRows, strata: Int) -> StratifiedBlocks {
        let total = count + other.count, blockCount = strata * strata
        @inline(__always) func block(_ user: Int32, _ item: Int32) -> Int {
            Int(user) % strata * strata + Int(item) % strata
        }
        var offsets = [Int](repeating: 0, count: blockCount + 1)
        for row in 0..<count { offsets[block(users[row], items[row]) + 1] += 1 }
        for row in 0..<other.count { offsets[block(other.users[row], other.items[row]) + 1] += 1 }
        for index in 0..<blockCount { offsets[index + 1] += offsets[index] }
        var next = offsets
        var result = (users: [Int32](), items: [Int32](), values: [Float]())
        // Every slot is written once: nothing is zeroed first.
        result.users = [Int32](unsafeUninitializedCapacity: total) { outUsers, initializedUsers in
            result.items = [Int32](unsafeUninitializedCapacity: total) { outItems, initializedItems in
                result.values = [Float](unsafeUninitializedCapacity: total) { outValues, initializedValues in
                    next.withUnsafeMutableBufferPointer { next in
                        var mine = 0, theirs = 0
                        for _ in 0..<total {
                            let takeMine =
                                theirs == other.count
                                || (mine < count && Self.group(of: users[mine]) <= Self.group(of: other.users[theirs]))
                            let (user, item, value) =
                                takeMine
                                ? (users[mine], items[mine], values[mine])
                                : (other.users[theirs], other.items[theirs], other.values[theirs])
                            if takeMine { mine += 1 } else { theirs += 1 }
                            let target = block(user, item)
                            let slot = next[target]
                            next[target] = slot + 1
                            (outUsers[slot], outItems[slot], outValues[slot]) = (user, item, value)
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

    /// Whether the rows are in group order.
    var isGrouped: Bool { users.indices.dropFirst().allSatisfy { Self.group(of: users[$0 - 1]) <= Self.group(of: users[$0]) } }
}
