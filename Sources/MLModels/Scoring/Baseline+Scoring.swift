extension Baseline.Fitted: AllItemScoring {
    /// μ + b_u + b_i for every item in one loop: the sum `estimate` makes, in
    /// its order, without a call and a fallback set per item.
    public func scoreAllItems(users: [Int32], itemCount: Int, into scores: inout [Double]) {
        resize(&scores, to: users.count * itemCount)
        let scale = self.scale
        scores.withUnsafeMutableBufferPointer { out in
            biases.item.withUnsafeBufferPointer { itemBiases in
                for (row, user) in users.enumerated() {
                    var userPart = biases.globalMean
                    if knownUsers.contains(user) { userPart += biases.user[Int(user)] }
                    let base = row * itemCount
                    for item in 0..<itemCount {
                        var value = userPart
                        if knownItems.contains(Int32(item)) { value += itemBiases[item] }
                        out[base + item] = clip(value, to: scale)
                    }
                }
            }
        }
    }
}
