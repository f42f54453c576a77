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

    init(users: [Int32], items: [Int32], values: [Float], strata: Int) {
        self.strata = strata
        let blockCount = strata * strata
        var offsets = [Int](repeating: 0, count: blockCount + 1)
        for row in users.indices {
            offsets[Int(users[row]) % strata * strata + Int(items[row]) % strata + 1] += 1
        }
        for block in 0..<blockCount { offsets[block + 1] += offsets[block] }
        var next = offsets
        var blockUsers = users, blockItems = items, blockValues = values
        for row in users.indices {
            let block = Int(users[row]) % strata * strata + Int(items[row]) % strata
            let slot = next[block]
            next[block] += 1
            blockUsers[slot] = users[row]
            blockItems[slot] = items[row]
            blockValues[slot] = values[row]
        }
        self.users = blockUsers
        self.items = blockItems
        self.values = blockValues
        self.offsets = offsets
    }
}
