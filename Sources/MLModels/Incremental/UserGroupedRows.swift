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

    /// Whether the rows are in group order.
    var isGrouped: Bool { users.indices.dropFirst().allSatisfy { Self.group(of: users[$0 - 1]) <= Self.group(of: users[$0]) } }
}
