import Dispatch

/// The biased matrix-factorization SGD update over a range of rows, on raw
/// pointers so that disjoint blocks can run on several threads.
///
/// Safe to send: the blocks run at the same time touch disjoint users and items
/// (see `StratifiedBlocks`), so no two threads write the same memory.
struct SGDKernel: @unchecked Sendable {
    let users: UnsafePointer<Int32>
    let items: UnsafePointer<Int32>
    let values: UnsafePointer<Float>
    let userRows: UnsafeMutablePointer<SIMD8<Float>>
    let itemRows: UnsafeMutablePointer<SIMD8<Float>>
    let userBias: UnsafeMutablePointer<Float>
    let itemBias: UnsafeMutablePointer<Float>
    let stride: Int
    let mean: Float
    let rate: Float
    let reg: Float
    let biased: Bool

    /// Updates for each row in order; returns the sum of squared errors before each update.
    func run(rows: Range<Int>) -> Double {
        var loss = 0.0
        // p + rate (error q - reg p) computed as keep p + (rate error) q: fewer operations per lane.
        let keep = SIMD8<Float>(repeating: 1 - rate * reg)
        for row in rows {
            let u = Int(users[row]), i = Int(items[row])
            let p = userRows + u * stride, q = itemRows + i * stride
            var estimate = dot(p, q, stride: stride)
            if biased { estimate += mean + userBias[u] + itemBias[i] }
            let error = values[row] - estimate
            loss += Double(error) * Double(error)
            if biased {
                userBias[u] += rate * (error - reg * userBias[u])
                itemBias[i] += rate * (error - reg * itemBias[i])
            }
            let step = SIMD8<Float>(repeating: rate * error)
            for c in 0..<stride {
                let pc = p[c], qc = q[c]
                p[c] = keep * pc + step * qc
                q[c] = keep * qc + step * pc
            }
        }
        return loss
    }
}

/// Per-block loss slots; each parallel block writes only its own.
struct BlockLosses: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
}

/// The block of a rating among strata × strata: (user mod strata) · strata + (item mod strata).
struct BlockOfRating: Sendable {
    let strata: Int
    /// A remainder by a power of two is a mask; a division per row costs more than the moves.
    private let mask: Int32?

    init(strata: Int) {
        self.strata = strata
        mask = strata & (strata - 1) == 0 ? Int32(strata - 1) : nil
    }

    @inline(__always) func callAsFunction(_ user: Int32, _ item: Int32) -> Int {
        if let mask { return Int((user & mask) * Int32(strata) + (item & mask)) }
        return Int(user) % strata * strata + Int(item) % strata
    }
}

/// Training rows regrouped into strata × strata blocks: block (g, h) holds the
/// ratings of users u ≡ g and items i ≡ h (mod strata), in visiting order.
/// Blocks (g, g + r mod strata) for g = 0..<strata share no user and no item.
struct StratifiedBlocks: Sendable {
    let strata: Int
    let users: [Int32]
    let items: [Int32]
    let values: [Float]
    /// Block b = g * strata + h spans offsets[b] ..< offsets[b + 1].
    let offsets: [Int]

    /// Rows already laid out block by block: block b spans `offsets[b] ..< offsets[b + 1]`.
    init(strata: Int, users: [Int32], items: [Int32], values: [Float], offsets: [Int]) {
        precondition(offsets.count == strata * strata + 1 && offsets.last == users.count, "one offset per block and the end")
        (self.strata, self.users, self.items, self.values, self.offsets) = (strata, users, items, values, offsets)
    }

    /// Users per group of `init(groupingUsers:...)`: their factors (64 × 32
    /// floats is 8 KB) stay in cache while their rows are visited.
    static let usersPerGroup = 64

    /// The rows cut into blocks, each block's rows grouped by runs of
    /// `usersPerGroup` consecutive users and otherwise in the order given: one
    /// counting sort. Grouping by single users instead sends each row to one
    /// of hundreds of thousands of places, which costs more than an SGD pass
    /// over the rows; a few thousand groups keep those writes in cache.
    init(groupingUsers users: [Int32], items: [Int32], values: [Float], userCount: Int, itemCount: Int, strata: Int) {
        let groupCount = (userCount + Self.usersPerGroup - 1) / Self.usersPerGroup
        // A row's bucket is its user's part plus its item's: divisions per entity, not per row.
        let userPart = (0..<userCount).map { Int32($0 % strata * strata * groupCount + UserGroupedRows.group(of: Int32($0))) }
        let itemPart = (0..<itemCount).map { Int32($0 % strata * groupCount) }
        let buckets = [Int32](unsafeUninitializedCapacity: users.count) { buckets, initialized in
            for row in users.indices { buckets[row] = userPart[Int(users[row])] + itemPart[Int(items[row])] }
            initialized = users.count
        }
        let sorted = Self.countingSort(
            users: users, items: items, values: values, buckets: buckets, bucketCount: strata * strata * groupCount)
        self.init(
            strata: strata, users: sorted.users, items: sorted.items, values: sorted.values,
            offsets: (0...(strata * strata)).map { sorted.offsets[$0 * groupCount] })
    }

    init(users: [Int32], items: [Int32], values: [Float], strata: Int) {
        guard strata > 1 else {
            // One block: the rows as they are.
            self.init(strata: 1, users: users, items: items, values: values, offsets: [0, users.count])
            return
        }
        let blockOf = BlockOfRating(strata: strata)
        let buckets = [Int32](unsafeUninitializedCapacity: users.count) { buckets, initialized in
            for row in users.indices { buckets[row] = Int32(blockOf(users[row], items[row])) }
            initialized = users.count
        }
        let sorted = Self.countingSort(
            users: users, items: items, values: values, buckets: buckets, bucketCount: strata * strata)
        self.init(strata: strata, users: sorted.users, items: sorted.items, values: sorted.values, offsets: sorted.offsets)
    }

    /// The rows in bucket order, stable within a bucket, and where each bucket starts (plus the end).
    static func countingSort(
        users: [Int32], items: [Int32], values: [Float], buckets: [Int32], bucketCount: Int
    ) -> (users: [Int32], items: [Int32], values: [Float], offsets: [Int]) {
        let count = users.count
        var offsets = [Int](repeating: 0, count: bucketCount + 1)
        offsets.withUnsafeMutableBufferPointer { offsets in
            for bucket in buckets { offsets[Int(bucket) + 1] += 1 }
            for bucket in 0..<bucketCount { offsets[bucket + 1] += offsets[bucket] }
        }
        var next = offsets
        var sorted = (users: [Int32](), items: [Int32](), values: [Float]())
        // One pass writes all three columns; every slot is written once, so nothing is zeroed first.
        sorted.users = [Int32](unsafeUninitializedCapacity: count) { sortedUsers, initializedUsers in
            sorted.items = [Int32](unsafeUninitializedCapacity: count) { sortedItems, initializedItems in
                sorted.values = [Float](unsafeUninitializedCapacity: count) { sortedValues, initializedValues in
                    users.withUnsafeBufferPointer { users in
                        items.withUnsafeBufferPointer { items in
                            values.withUnsafeBufferPointer { values in
                                buckets.withUnsafeBufferPointer { buckets in
                                    next.withUnsafeMutableBufferPointer { next in
                                        for row in 0..<count {
                                            let bucket = Int(buckets[row])
                                            let slot = next[bucket]
                                            next[bucket] = slot + 1
                                            sortedUsers[slot] = users[row]
                                            sortedItems[slot] = items[row]
                                            sortedValues[slot] = values[row]
                                        }
                                    }
                                }
                            }
                        }
                    }
                    initializedValues = count
                }
                initializedItems = count
            }
            initializedUsers = count
        }
        return (sorted.users, sorted.items, sorted.values, offsets)
    }
}
