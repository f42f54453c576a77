/// Cache-blocked products of user rows with item rows: the score kernel of the
/// factor models.
extension FactorMatrix {
    /// Users per block: their rows stay in registers and L1 while an item row is reused for each.
    static let userBlock = 4
    /// Items per tile: a tile of 100-factor rows (~50 KB) stays in L2 across the user blocks.
    static let itemTile = 128

    /// `dots[r * itemCount + i] = row(users[r]) · items.row(i)` for `i < itemCount`
    /// (`itemCount ≤ items.rows`), summed chunk by chunk in ascending order and then
    /// across lanes, as `dot` does, so each value equals the single-pair product.
    /// Every `users[r]` must be a row of `self`.
    func products(users: [Int32], with items: FactorMatrix, itemCount: Int, into dots: inout [Float]) {
        precondition(items.stride == stride, "user and item factors must have the same width")
        precondition(itemCount <= items.rows, "more items than item rows")
        let count = users.count * itemCount
        if dots.count != count { dots = [Float](repeating: 0, count: count) }
        let stride = self.stride, block = Self.userBlock
        storage.withUnsafeBufferPointer { userRows in
            items.storage.withUnsafeBufferPointer { itemRows in
                users.withUnsafeBufferPointer { users in
                    dots.withUnsafeMutableBufferPointer { out in
                        guard let p = userRows.baseAddress, let q = itemRows.baseAddress, let out = out.baseAddress
                        else { return }
                        var tileStart = 0
                        while tileStart < itemCount {
                            let tileEnd = Swift.min(tileStart + Self.itemTile, itemCount)
                            var first = 0
                            while first < users.count {
                                let last = Swift.min(first + block, users.count)
                                if last - first == block {
                                    let p0 = p + Int(users[first]) * stride, p1 = p + Int(users[first + 1]) * stride
                                    let p2 = p + Int(users[first + 2]) * stride, p3 = p + Int(users[first + 3]) * stride
                                    for item in tileStart..<tileEnd {
                                        let row = q + item * stride
                                        var s0 = Chunk.zero, s1 = Chunk.zero, s2 = Chunk.zero, s3 = Chunk.zero
                                        for c in 0..<stride {
                                            let chunk = row[c]
                                            s0 += p0[c] * chunk
                                            s1 += p1[c] * chunk
                                            s2 += p2[c] * chunk
                                            s3 += p3[c] * chunk
                                        }
                                        out[first * itemCount + item] = s0.sum()
                                        out[(first + 1) * itemCount + item] = s1.sum()
                                        out[(first + 2) * itemCount + item] = s2.sum()
                                        out[(first + 3) * itemCount + item] = s3.sum()
                                    }
                                } else {
                                    for r in first..<last {
                                        Self.products(
                                            of: p + Int(users[r]) * stride, with: q, items: tileStart..<tileEnd,
                                            stride: stride, into: out + r * itemCount)
                                    }
                                }
                                first = last
                            }
                            tileStart = tileEnd
                        }
                    }
                }
            }
        }
    }

    /// One user's products with `items`, four items at a time: four
    /// independent sums keep the multipliers busy where one sum would wait on
    /// each addition (a lone user, a server's request). Each sum still runs
    /// chunk by chunk in ascending order.
    @inline(__always)
    private static func products(
        of user: UnsafePointer<Chunk>, with itemRows: UnsafePointer<Chunk>, items: Range<Int>,
        stride: Int, into out: UnsafeMutablePointer<Float>
    ) {
        var item = items.lowerBound
        while item + 4 <= items.upperBound {
            let q0 = itemRows + item * stride, q1 = q0 + stride, q2 = q1 + stride, q3 = q2 + stride
            var s0 = Chunk.zero, s1 = Chunk.zero, s2 = Chunk.zero, s3 = Chunk.zero
            for c in 0..<stride {
                let chunk = user[c]
                s0 += chunk * q0[c]
                s1 += chunk * q1[c]
                s2 += chunk * q2[c]
                s3 += chunk * q3[c]
            }
            out[item] = s0.sum()
            out[item + 1] = s1.sum()
            out[item + 2] = s2.sum()
            out[item + 3] = s3.sum()
            item += 4
        }
        while item < items.upperBound {
            let row = itemRows + item * stride
            var sum = Chunk.zero
            for c in 0..<stride { sum += user[c] * row[c] }
            out[item] = sum.sum()
            item += 1
        }
    }
}
