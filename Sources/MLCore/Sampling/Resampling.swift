/// Draws with replacement for bagging and boosting. Results are ascending row
/// indices with repeats kept; the same arguments and seed give the same rows on
/// every platform (the draws come from `SeededGenerator` alone).
public enum Resampling {
    /// A bootstrap sample of `0..<count`: `round(count × fraction)` uniform draws
    /// with replacement. `inBag` holds the draws, ascending, repeats kept;
    /// `outOfBag` the indices never drawn, ascending.
    ///
    /// `fraction` may exceed 1 (more draws than rows); it must be finite and not
    /// negative, and `count` not negative.
    ///
    /// - Complexity: O(count + draws).
    public static func bootstrap(count: Int, fraction: Double, seed: UInt64) -> (inBag: [Int], outOfBag: [Int]) {
        precondition(count >= 0, "count must not be negative")
        precondition(fraction.isFinite && fraction >= 0, "fraction must be a finite number ≥ 0")
        guard count > 0 else { return ([], []) }
        let draws = Splitter.share(count, fraction)
        var generator = SeededGenerator(seed: seed, label: "resample.bootstrap")
        var tally = [Int](repeating: 0, count: count)
        for _ in 0..<draws { tally[generator.nextInt(below: count)] += 1 }
        var inBag: [Int] = [], outOfBag: [Int] = []
        inBag.reserveCapacity(draws)
        for index in 0..<count {
            if tally[index] == 0 {
                outOfBag.append(index)
            } else {
                for _ in 0..<tally[index] { inBag.append(index) }
            }
        }
        return (inBag, outOfBag)
    }

    /// `count` draws with replacement from `0..<weights.count`, each index with
    /// probability proportional to its weight, ascending with repeats kept. Rows of
    /// weight 0 are never drawn; when every weight is 0 the draws are uniform. Empty
    /// when there are no weights.
    ///
    /// Weights must be finite and not negative, and `count` not negative.
    ///
    /// - Complexity: O(n + count × log n) for n weights.
    public static func weighted(weights: [Double], count: Int, seed: UInt64) -> [Int] {
        precondition(count >= 0, "count must not be negative")
        let rows = weights.count
        guard count > 0, rows > 0 else { return [] }
        var cumulative = [Double](repeating: 0, count: rows)
        var total = 0.0, lastPositive = rows - 1
        for (index, weight) in weights.enumerated() {
            precondition(weight.isFinite && weight >= 0, "weights must be finite numbers ≥ 0")
            total += weight
            cumulative[index] = total
            if weight > 0 { lastPositive = index }
        }
        var generator = SeededGenerator(seed: seed, label: "resample.weighted")
        var tally = [Int](repeating: 0, count: rows)
        if total > 0 {
            for _ in 0..<count {
                // The first index whose cumulative weight exceeds a uniform point in [0, total).
                let point = generator.nextUnit() * total
                var low = 0, high = rows
                while low < high {
                    let middle = (low + high) / 2
                    if cumulative[middle] > point { high = middle } else { low = middle + 1 }
                }
                // `point` can round up to `total`: the draw then belongs to the last weighted row.
                tally[min(low, lastPositive)] += 1
            }
        } else {
            for _ in 0..<count { tally[generator.nextInt(below: rows)] += 1 }
        }
        var drawn: [Int] = []
        drawn.reserveCapacity(count)
        for index in 0..<rows {
            for _ in 0..<tally[index] { drawn.append(index) }
        }
        return drawn
    }
}
