extension SVDPlusPlus.Fitted: AllItemScoring {
    /// μ + b_u + b_i + q_i·(p_u + |I_u|^-½ Σ y_j) for every item: the implicit
    /// term is already folded into `userVectors`, so this is one blocked product.
    public func scoreAllItems(users: [Int32], itemCount: Int, into scores: inout [Double]) {
        resize(&scores, to: users.count * itemCount)
        let factorItems = Swift.min(itemCount, itemFactors.rows)
        let rows = factorRows(users, knownUsers: knownUsers, factorRows: userVectors.rows)
        var dots: [Float] = []
        userVectors.products(users: rows.indices, with: itemFactors, itemCount: factorItems, into: &dots)
        let scale = self.scale, mean = self.mean
        let userBias = self.userBias, itemBias = self.itemBias
        scores.withUnsafeMutableBufferPointer { out in
            for (row, user) in users.enumerated() {
                let userKnown = knownUsers.contains(user)
                let position = rows.position[row]
                for item in 0..<itemCount {
                    let itemKnown = knownItems.contains(Int32(item))
                    var value = mean
                    if userKnown { value += Double(userBias[Int(user)]) }
                    if itemKnown { value += Double(itemBias[item]) }
                    if userKnown && itemKnown && position >= 0 && item < factorItems {
                        value += Double(dots[position * factorItems + item])
                    }
                    out[row * itemCount + item] = clip(value, to: scale)
                }
            }
        }
    }
}
