extension SlopeOne: IncrementalModel {
    /// Exact: the ratings join the model's own, and the deviation rows of the
    /// items the batch rated are recomputed; every other pair is unchanged.
    /// Each cell sums its users in ascending order, as the fit does, so the
    /// result is the same bits as a refit on every rating seen (the global
    /// mean aside, which sums in another order). No replay or epochs are needed.
    public func update(
        _ fitted: Fitted, with batch: UpdateBatch, replay: ReplaySample, options: UpdateOptions, seed: UInt64
    ) throws -> Fitted {
        let new = batch.ratings
        let n = new.itemCount
        try requireSize(items: n)
        let index = fitted.index.merged(with: new)
        var frequency = grownMatrix(fitted.frequency, from: fitted.index.itemCount, to: n, fill: 0)
        var deviation = grownMatrix(fitted.deviation, from: fitted.index.itemCount, to: n, fill: 0)
        var rowFrequency = [Int32](repeating: 0, count: n), rowSums = [Double](repeating: 0, count: n)
        for a in touched(new.items, count: n) {
            for b in 0..<n {
                rowFrequency[b] = 0
                rowSums[b] = 0
            }
            for k in index.itemOffsets[a]..<index.itemOffsets[a + 1] {
                let u = Int(index.itemUsers[k]), valueA = index.itemValues[k]
                for m in index.userOffsets[u]..<index.userOffsets[u + 1] {
                    let b = Int(index.userItems[m])
                    guard b != a else { continue }
                    rowFrequency[b] += 1
                    // The fit sums r_low - r_high in the cell above the diagonal.
                    rowSums[b] += b > a ? valueA - index.userValues[m] : index.userValues[m] - valueA
                }
            }
            for b in 0..<n where b != a {
                let count = rowFrequency[b]
                let mean = count > 0 ? rowSums[b] / Double(count) : 0
                let (low, high) = b > a ? (a, b) : (b, a)
                deviation[low * n + high] = mean
                deviation[high * n + low] = -mean
                frequency[a * n + b] = count
                frequency[b * n + a] = count
            }
        }
        return Fitted(
            index: index, frequency: frequency, deviation: deviation, userMeans: Self.userMeans(index),
            itemMeans: Self.itemMeans(index), scale: fitted.scale)
    }
}
