/// User and item factor rows whose dot products rank items: the fitted state
/// of `ials` and `bpr`. Rows are `stride` doubles, `factors` rounded up to
/// whole eight-lane chunks with zeros past `factors`, so every dot product
/// runs in eight lanes and sums in one fixed order.
struct LatentScores: Sendable, Equatable {
    static let lanes = 8

    let factors: Int
    let stride: Int
    let users: [Double]
    let items: [Double]
    /// One bias per item added to every score (bpr), or empty (ials).
    let itemBiases: [Double]

    var userCount: Int { users.count / stride }
    var itemCount: Int { items.count / stride }

    static func stride(factors: Int) -> Int { (factors + lanes - 1) / lanes * lanes }

    /// x_u · y_i (+ b_i); 0 for a user or item outside the tables.
    func score(user: Int32, item: Int32) -> Double {
        guard user >= 0, Int(user) < userCount, item >= 0, Int(item) < itemCount else { return 0 }
        return users.withUnsafeBufferPointer { u in
            items.withUnsafeBufferPointer { i in
                guard let u = u.baseAddress, let i = i.baseAddress else { return 0 }
                let bias = itemBiases.isEmpty ? 0 : itemBiases[Int(item)]
                return bias + laneDot(u + Int(user) * stride, i + Int(item) * stride, chunks: stride / Self.lanes)
            }
        }
    }

    /// Every (users[r], item) score for items `0..<count`, row-major into
    /// `scores`. Items go in blocks that stay in cache while each user's
    /// row is dotted with them; every pair is summed as `score` sums it.
    func scores(users requested: [Int32], itemCount count: Int, into scores: inout [Double]) {
        resize(&scores, to: requested.count * count)
        let known = Swift.min(count, itemCount), chunks = stride / Self.lanes, block = 256
        scores.withUnsafeMutableBufferPointer { out in
            for k in out.indices { out[k] = 0 }
            users.withUnsafeBufferPointer { u in
                items.withUnsafeBufferPointer { i in
                    guard let u = u.baseAddress, let i = i.baseAddress else { return }
                    var start = 0
                    while start < known {
                        let end = Swift.min(known, start + block)
                        for (row, user) in requested.enumerated() where user >= 0 && Int(user) < userCount {
                            let userRow = u + Int(user) * stride, base = row * count
                            for item in start..<end {
                                let bias = itemBiases.isEmpty ? 0 : itemBiases[item]
                                out[base + item] = bias + laneDot(userRow, i + item * stride, chunks: chunks)
                            }
                        }
                        start = end
                    }
                }
            }
        }
    }
}

/// Σ a[k]·b[k] over `chunks` eight-lane chunks, lane-wise then across the
/// lanes: one fixed order, so the same bits wherever it is called.
@inline(__always)
func laneDot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, chunks: Int) -> Double {
    var lanes = SIMD8<Double>.zero
    for c in 0..<chunks {
        let x = UnsafeRawPointer(a + c * 8).loadUnaligned(as: SIMD8<Double>.self)
        let y = UnsafeRawPointer(b + c * 8).loadUnaligned(as: SIMD8<Double>.self)
        lanes += x * y
    }
    return lanes.sum()
}

/// y[k] += a·x[k] over `chunks` eight-lane chunks.
@inline(__always)
func laneAxpy(_ a: Double, _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, chunks: Int) {
    let scale = SIMD8<Double>(repeating: a)
    for c in 0..<chunks {
        let xs = UnsafeRawPointer(x + c * 8).loadUnaligned(as: SIMD8<Double>.self)
        let ys = UnsafeRawPointer(y + c * 8).loadUnaligned(as: SIMD8<Double>.self)
        UnsafeMutableRawPointer(y + c * 8).storeBytes(of: ys + scale * xs, as: SIMD8<Double>.self)
    }
}
