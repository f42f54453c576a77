extension Popularity: OnlineModel {
    /// Running item sums and counts: each item's mean shrunk toward the running
    /// global mean by `shrinkage`, exactly what a refit on the ratings so far gives.
    public func onlineLearner(
        userCount: Int, itemCount: Int, settings: OnlineSettings, seed: UInt64
    ) throws -> any OnlineLearner {
        try require(parameters.shrinkage >= 0, kind: Self.kind, "shrinkage must not be negative, got \(parameters.shrinkage)")
        return PopularityOnline(itemCount: itemCount, shrinkage: parameters.shrinkage)
    }
}

struct PopularityOnline: OnlineLearner {
    var sums: [Double]
    var counts: [Double]
    var total = 0.0
    var seen = 0.0
    let shrinkage: Double

    init(itemCount: Int, shrinkage: Double) {
        sums = [Double](repeating: 0, count: itemCount)
        counts = [Double](repeating: 0, count: itemCount)
        self.shrinkage = shrinkage
    }

    func estimate(user: Int32, item: Int32) -> Double {
        let mean = seen > 0 ? total / seen : 0
        guard item >= 0, Int(item) < counts.count, counts[Int(item)] > 0 else { return mean }
        return (sums[Int(item)] + shrinkage * mean) / (counts[Int(item)] + shrinkage)
    }

    mutating func learn(user: Int32, item: Int32, rating: Double) {
        if item >= 0 && Int(item) < counts.count {
            sums[Int(item)] += rating
            counts[Int(item)] += 1
        }
        total += rating
        seen += 1
    }
}
