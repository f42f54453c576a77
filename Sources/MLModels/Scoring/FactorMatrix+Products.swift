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
                                        let row = p + Int(users[r]) * stride
                                        for item in tileStart..<tileEnd {
                                            let other = q + item * stride
                                            var sum = Chunk.zero
                                            for c in 0..<stride { sum += row[c] * other[c] }
                                            out[r * itemCount + item] = sum.sum()
                                        }
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
}
