/// Picks the rows of a training part that sub-models train on. Results are
/// ascending row indices; the same input, method and seed give the same rows.
public enum Sampler {
    /// A sample of `indices` (rows of `ratings`).
    ///
    /// - Throws: `MLCoreError` for fractions outside (0, 1], negative sizes,
    ///   durations ≤ 0, or `recent` on ratings without times.
    public static func sample(_ indices: [Int], of ratings: RatingSet, method: SamplingMethod, seed: UInt64) throws(MLCoreError)
        -> [Int]
    {
        switch method {
        case .all:
            return indices.sorted()
        case .uniform(.fraction(let fraction)):
            try checkSampleFraction(fraction)
            return uniform(indices, count: Splitter.share(indices.count, fraction), seed: seed)
        case .uniform(.count(let count)):
            guard count >= 0 else { throw MLCoreError.invalid("size", "sample size must not be negative, got \(count)") }
            return uniform(indices, count: min(count, indices.count), seed: seed)
        case .stratified(let stratum, let fraction):
            try checkSampleFraction(fraction)
            return stratified(indices, of: ratings, by: stratum, fraction: fraction, seed: seed)
        case .recent(let window):
            return try recent(indices, of: ratings, window: window)
        case .reservoir(let size):
            guard size >= 0 else { throw MLCoreError.invalid("size", "reservoir size must not be negative, got \(size)") }
            var reservoir = ReservoirSampler<Int>(capacity: size, seed: seed)
            reservoir.add(contentsOf: indices)
            return reservoir.sample.sorted()
        }
    }

    private static func checkSampleFraction(_ fraction: Double) throws(MLCoreError) {
        guard fraction > 0, fraction <= 1 else {
            throw MLCoreError.invalid(
                "fraction", "sample fraction must be greater than 0 and at most 1, got \(formatNumber(fraction))")
        }
    }

    /// A partial Fisher-Yates shuffle: only the first `count` positions are drawn.
    private static func uniform(_ indices: [Int], count: Int, seed: UInt64) -> [Int] {
        var generator = SeededGenerator(seed: seed, label: "sample.uniform")
        var pool = indices
        for position in 0..<count {
            let pick = position + generator.nextInt(below: pool.count - position)
            pool.swapAt(position, pick)
        }
        return pool[..<count].sorted()
    }

    private static func stratified(_ indices: [Int], of ratings: RatingSet, by stratum: Stratum, fraction: Double, seed: UInt64)
        -> [Int]
    {
        var generator = SeededGenerator(seed: seed, label: "sample.stratified.\(stratum.rawValue)")
        let (starts, rows) = ratings.buckets(of: indices, byItem: stratum == .item)
        var kept: [Int] = []
        kept.reserveCapacity(Splitter.share(indices.count, fraction) + starts.count)
        for group in 0..<(starts.count - 1) where starts[group] < starts[group + 1] {
            var own = Array(rows[starts[group]..<starts[group + 1]])
            let keep = max(1, Splitter.share(own.count, fraction))
            for position in 0..<keep {
                own.swapAt(position, position + generator.nextInt(below: own.count - position))
            }
            kept.append(contentsOf: own[..<keep])
        }
        return kept.sorted()
    }

    private static func recent(_ indices: [Int], of ratings: RatingSet, window: RecentWindow) throws(MLCoreError) -> [Int] {
        guard let times = ratings.times else {
            throw MLCoreError(code: .missingTimes, message: "the recent sample needs rating times, and the ratings have none")
        }
        guard let latest = indices.map({ times[$0] }).max(), let earliest = indices.map({ times[$0] }).min() else { return [] }
        let cutoff: Double
        switch window {
        case .fraction(let fraction):
            try checkSampleFraction(fraction)
            cutoff = latest - fraction * (latest - earliest)
        case .duration(let duration):
            guard duration > 0, duration.isFinite else {
                throw MLCoreError.invalid("duration", "recent duration must be a positive number, got \(formatNumber(duration))")
            }
            cutoff = latest - duration
        }
        return indices.filter { times[$0] >= cutoff }.sorted()
    }
}
