import Dispatch

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
    ///
    /// The walk is cut into parts by ranges of user groups, counted and placed on
    /// several threads: part p's rows of a block go after those of parts before
    /// it, so the result is the same for any number of parts.
    func mergedBlocks(with other: UserGroupedRows, strata: Int) -> StratifiedBlocks {
        let total = count + other.count, blockCount = strata * strata
        let parts = MergeParts(mine: users, theirs: other.users, total: total)
        let layout = MergeLayout(parts: parts, strata: strata, mine: self, theirs: other)
        var result = (users: [Int32](), items: [Int32](), values: [Float]())
        // Every slot is written once: nothing is zeroed first.
        result.users = [Int32](unsafeUninitializedCapacity: total) { outUsers, initializedUsers in
            result.items = [Int32](unsafeUninitializedCapacity: total) { outItems, initializedItems in
                result.values = [Float](unsafeUninitializedCapacity: total) { outValues, initializedValues in
                    let output = MergeOutput(users: outUsers, items: outItems, values: outValues)
                    DispatchQueue.concurrentPerform(iterations: parts.count) { part in
                        layout.place(part: part, of: parts, mine: self, theirs: other, into: output)
                    }
                    initializedValues = total
                }
                initializedItems = total
            }
            initializedUsers = total
        }
        var offsets = [Int](repeating: 0, count: blockCount + 1)
        for block in 0..<blockCount { offsets[block + 1] = layout.starts[block * parts.count] + layout.sizes[block] }
        return StratifiedBlocks(
            strata: strata, users: result.users, items: result.items, values: result.values, offsets: offsets)
    }
}

/// Where each part of a merge begins in `mine` and `theirs`: parts are runs of
/// whole user groups, so each part's rows merge on their own.
private struct MergeParts {
    /// `count + 1` row positions in each side; part p is `mine[p]..<mine[p + 1]`.
    let mine: [Int]
    let theirs: [Int]
    var count: Int { mine.count - 1 }

    /// Rows per part below which cutting the walk costs more than it saves.
    static let minimumRows = 1 << 16
    /// Enough parts to keep every core busy when some parts take longer.
    static let maximumParts = 16

    init(mine mineUsers: [Int32], theirs theirUsers: [Int32], total: Int) {
        let lastGroup = max(
            mineUsers.last.map(UserGroupedRows.group(of:)) ?? 0, theirUsers.last.map(UserGroupedRows.group(of:)) ?? 0)
        let count = max(1, min(Self.maximumParts, total / Self.minimumRows, lastGroup + 1))
        // The first row of each side in group ≥ g (both sides are in group order).
        func firstRow(in users: [Int32], atLeast group: Int) -> Int {
            var low = 0, high = users.count
            while low < high {
                let middle = (low + high) / 2
                if UserGroupedRows.group(of: users[middle]) < group { low = middle + 1 } else { high = middle }
            }
            return low
        }
        let boundaries = (0...count).map { part in part == count ? lastGroup + 1 : (lastGroup + 1) * part / count }
        mine = boundaries.map { firstRow(in: mineUsers, atLeast: $0) }
        theirs = boundaries.map { firstRow(in: theirUsers, atLeast: $0) }
    }
}

/// The rows each part puts in each block, and where they start.
private struct MergeLayout: Sendable {
    let blockOf: BlockOfRating
    /// Block b's rows from part p start at `starts[b * parts + p]`.
    let starts: [Int]
    /// Rows in each block.
    let sizes: [Int]

    init(parts: MergeParts, strata: Int, mine: UserGroupedRows, theirs: UserGroupedRows) {
        let blockOf = BlockOfRating(strata: strata)
        let blockCount = strata * strata, partCount = parts.count
        var counts = [Int](repeating: 0, count: blockCount * partCount)
        if strata > 1 {
            counts.withUnsafeMutableBufferPointer { counts in
                let partCounts = PartCounts(base: counts)
                DispatchQueue.concurrentPerform(iterations: partCount) { part in
                    var local = [Int](repeating: 0, count: blockCount)
                    for (side, rows) in [
                        (mine, parts.mine[part]..<parts.mine[part + 1]), (theirs, parts.theirs[part]..<parts.theirs[part + 1]),
                    ] {
                        withBuffers(of: side) { users, items, _ in
                            for row in rows { local[blockOf(users[row], items[row])] += 1 }
                        }
                    }
                    for block in 0..<blockCount { partCounts.base[block * partCount + part] = local[block] }
                }
            }
        } else {
            for part in 0..<partCount {
                counts[part] = parts.mine[part + 1] - parts.mine[part] + parts.theirs[part + 1] - parts.theirs[part]
            }
        }
        var starts = [Int](repeating: 0, count: blockCount * partCount)
        var sizes = [Int](repeating: 0, count: blockCount)
        var position = 0
        for block in 0..<blockCount {
            for part in 0..<partCount {
                starts[block * partCount + part] = position
                position += counts[block * partCount + part]
            }
            sizes[block] = position - starts[block * partCount]
        }
        (self.blockOf, self.starts, self.sizes) = (blockOf, starts, sizes)
    }

    /// Merges part `part` of both sides (within a group, `mine` first) into its slots.
    func place(part: Int, of parts: MergeParts, mine: UserGroupedRows, theirs: UserGroupedRows, into output: MergeOutput) {
        let partCount = parts.count, blockCount = blockOf.strata * blockOf.strata
        var next = (0..<blockCount).map { starts[$0 * partCount + part] }
        withBuffers(of: mine) { mineUsers, mineItems, mineValues in
            withBuffers(of: theirs) { theirUsers, theirItems, theirValues in
                var mine = parts.mine[part], theirs = parts.theirs[part]
                let mineEnd = parts.mine[part + 1], theirsEnd = parts.theirs[part + 1]
                next.withUnsafeMutableBufferPointer { next in
                    while mine < mineEnd || theirs < theirsEnd {
                        let takeMine =
                            theirs == theirsEnd
                            || (mine < mineEnd
                                && UserGroupedRows.group(of: mineUsers[mine])
                                    <= UserGroupedRows.group(of: theirUsers[theirs]))
                        let (user, item, value) =
                            takeMine
                            ? (mineUsers[mine], mineItems[mine], mineValues[mine])
                            : (theirUsers[theirs], theirItems[theirs], theirValues[theirs])
                        if takeMine { mine += 1 } else { theirs += 1 }
                        let target = blockOf(user, item)
                        let slot = next[target]
                        next[target] = slot + 1
                        (output.users[slot], output.items[slot], output.values[slot]) = (user, item, value)
                    }
                }
            }
        }
    }
}

/// The merged columns, written by several parts at once.
///
/// Safe to send: each part writes only its own slots of each block (`MergeLayout`).
private struct MergeOutput: @unchecked Sendable {
    let users: UnsafeMutableBufferPointer<Int32>
    let items: UnsafeMutableBufferPointer<Int32>
    let values: UnsafeMutableBufferPointer<Float>
}

/// Per-part block counts; each part writes only its own.
private struct PartCounts: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<Int>
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
