extension Popularity: IncrementalModel {
    /// Exact: sums and counts grow by the new rows, so the result equals a
    /// refit on every rating seen (up to the order of the sums). No replay or
    /// epochs are needed.
    public func update(
        _ fitted: Fitted, with batch: UpdateBatch, replay: ReplaySample, options: UpdateOptions, seed: UInt64
    ) throws -> Fitted {
        let new = batch.ratings
        var counts = fitted.itemCounts + [Int](repeating: 0, count: new.itemCount - fitted.itemCounts.count)
        let earlier = counts.reduce(0, +)
        // Each item's rating sum, recovered from its damped mean, then the new rows added.
        var sums = (0..<counts.count).map { i -> Double in
            guard i < fitted.itemScores.count, counts[i] > 0 else { return 0 }
            return fitted.itemScores[i] * (Double(counts[i]) + parameters.shrinkage)
                - parameters.shrinkage * fitted.globalMean
        }
        var total = fitted.globalMean * Double(earlier)
        for row in 0..<new.count {
            sums[Int(new.items[row])] += new.values[row]
            counts[Int(new.items[row])] += 1
            total += new.values[row]
        }
        let mean = total / Double(earlier + new.count), shrinkage = parameters.shrinkage
        let scores = (0..<counts.count).map { i in
            counts[i] == 0 ? mean : (sums[i] + shrinkage * mean) / (Double(counts[i]) + shrinkage)
        }
        return Fitted(globalMean: mean, itemScores: scores, itemCounts: counts, scale: fitted.scale)
    }
}
