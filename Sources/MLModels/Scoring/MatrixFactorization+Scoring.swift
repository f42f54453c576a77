extension MatrixFactorization.Fitted: AllItemScoring {
    /// μ + b_u + b_i + q_i·p_u for every item, the products by the blocked kernel.
    public func scoreAllItems(users: [Int32], itemCount: Int, into scores: inout [Double]) {
        resize(&scores, to: users.count * itemCount)
        let factorItems = Swift.min(itemCount, state.itemFactors.rows)
        let rows = factorRows(users, knownUsers: knownUsers, factorRows: state.userFactors.rows)
        var dots: [Float] = []
        state.userFactors.products(users: rows.indices, with: state.itemFactors, itemCount: factorItems, into: &dots)
        let scale = self.scale, mean = self.mean, biased = self.biased
        scores.withUnsafeMutableBufferPointer { out in
            for (row, user) in users.enumerated() {
                let userKnown = knownUsers.contains(user)
                let position = rows.position[row]
                for item in 0..<itemCount {
                    let itemKnown = knownItems.contains(Int32(item))
                    var value = biased ? mean : 0
                    if !biased && !(userKnown && itemKnown) {
                        value = mean
                    } else {
                        if biased {
                            if userKnown { value += Double(state.userBias[Int(user)]) }
                            if itemKnown { value += Double(state.itemBias[item]) }
                        }
                        if position >= 0 && itemKnown && item < factorItems {
                            value += Double(dots[position * factorItems + item])
                        }
                    }
                    out[row * itemCount + item] = clip(value, to: scale)
                }
            }
        }
    }
}

/// The users of a batch that have factor rows: their indices for the product
/// kernel, and for each batch row its position among them (-1: unknown user).
func factorRows(_ users: [Int32], knownUsers: KnownIndices, factorRows: Int) -> (indices: [Int32], position: [Int]) {
    var indices: [Int32] = [], position = [Int](repeating: -1, count: users.count)
    for (row, user) in users.enumerated() where knownUsers.contains(user) && Int(user) < factorRows {
        position[row] = indices.count
        indices.append(user)
    }
    return (indices, position)
}
