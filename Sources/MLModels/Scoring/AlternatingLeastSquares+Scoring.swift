extension AlternatingLeastSquares.Fitted: AllItemScoring {
    /// μ + b_u + b_i + x_u·y_i for every item, in Double as `estimate` sums it
    /// (factor by factor onto the biased mean, so the values agree bit for bit);
    /// items are visited in tiles so that a tile's rows stay in cache across the batch.
    public func scoreAllItems(users: [Int32], itemCount: Int, into scores: inout [Double]) {
        resize(&scores, to: users.count * itemCount)
        let width = self.width, mean = self.mean, scale = self.scale, tile = 64
        self.users.withUnsafeBufferPointer { userRows in
            items.withUnsafeBufferPointer { itemRows in
                scores.withUnsafeMutableBufferPointer { out in
                    var tileStart = 0
                    while tileStart < itemCount {
                        let tileEnd = Swift.min(tileStart + tile, itemCount)
                        for (row, user) in users.enumerated() {
                            let userKnown = knownUsers.contains(user)
                            let u = Int(user) * width
                            let userBias = userKnown ? userRows[u + width - 1] : 0
                            for item in tileStart..<tileEnd {
                                let itemKnown = knownItems.contains(Int32(item))
                                var value = mean
                                if userKnown { value += userBias }
                                let i = item * width
                                if itemKnown { value += itemRows[i + width - 1] }
                                if userKnown && itemKnown {
                                    for f in 0..<(width - 1) { value += userRows[u + f] * itemRows[i + f] }
                                }
                                out[row * itemCount + item] = clip(value, to: scale)
                            }
                        }
                        tileStart = tileEnd
                    }
                }
            }
        }
    }
}
