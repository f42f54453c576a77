import MLCore

/// `popularity`: ranks items by how many training ratings they have, and
/// predicts each item's mean rating damped toward the global mean,
/// (Σ r + shrinkage · μ) / (n + shrinkage).
///
/// Two numbers, because the model answers two questions. Asked for a
/// ranking, a popularity model is expected to put the most rated items
/// first: that is what popular means, and it is the usual non-personalised
/// ranking baseline. Asked for a rating, a count is no rating, and the damped
/// mean is a sound non-personalised estimate (an item with few ratings stays
/// near the global mean). So predictions carry the counts as
/// `Predictions.rankingScores`, which ranking metrics use, while error
/// metrics and combiners use the damped means.
public struct Popularity: RatingModel {
    public static let kind = "popularity"

    public struct Parameters: Sendable, Hashable {
        /// Pseudo-ratings at the global mean added to every item.
        public var shrinkage: Double

        public init(shrinkage: Double = 10) { self.shrinkage = shrinkage }
    }

    public var parameters: Parameters

    public init(_ parameters: Parameters = Parameters()) { self.parameters = parameters }

    public func fit(train: RatingSet, scale: ClosedRange<Double>, seed: UInt64) throws -> Fitted {
        try validateTraining(train, scale: scale, kind: Self.kind)
        try require(parameters.shrinkage >= 0, kind: Self.kind, "shrinkage must not be negative, got \(parameters.shrinkage)")
        var sums = [Double](repeating: 0, count: train.itemCount)
        var counts = [Int](repeating: 0, count: train.itemCount)
        var total = 0.0
        for row in 0..<train.count {
            sums[Int(train.items[row])] += train.values[row]
            counts[Int(train.items[row])] += 1
            total += train.values[row]
        }
        let mean = total / Double(train.count), shrinkage = parameters.shrinkage
        let itemScores = (0..<train.itemCount).map { i in
            counts[i] == 0 ? mean : (sums[i] + shrinkage * mean) / (Double(counts[i]) + shrinkage)
        }
        return Fitted(globalMean: mean, itemScores: itemScores, itemCounts: counts, scale: scale)
    }

    public struct Fitted: PointPredictor {
        public let globalMean: Double
        /// The damped mean of each item: its predicted rating.
        public let itemScores: [Double]
        /// Training ratings of each item: its ranking score.
        public let itemCounts: [Int]
        /// Every item of the index space, most rated first.
        public let rankedItems: [Int32]
        public let scale: ClosedRange<Double>

        init(globalMean: Double, itemScores: [Double], itemCounts: [Int], scale: ClosedRange<Double>) {
            self.globalMean = globalMean
            self.itemScores = itemScores
            self.itemCounts = itemCounts
            // Most rated first; ties by index so that the ranking is reproducible.
            let order: [Int] = (0..<itemCounts.count).sorted { (a: Int, b: Int) -> Bool in
                itemCounts[a] != itemCounts[b] ? itemCounts[a] > itemCounts[b] : a < b
            }
            rankedItems = order.map { Int32($0) }
            self.scale = scale
        }

        /// The `count` most rated items.
        public func topItems(_ count: Int) -> [Int32] { Array(rankedItems.prefix(count)) }

        public func estimate(user: Int32, item: Int32) -> (value: Double, fallback: PredictionFallback) {
            guard item >= 0, Int(item) < itemCounts.count, itemCounts[Int(item)] > 0 else {
                return (globalMean, .unknownItem)
            }
            return (itemScores[Int(item)], [])
        }

        /// The number of training ratings of `item`; 0 for an item without any.
        public func rankingScore(item: Int32) -> Double {
            item >= 0 && Int(item) < itemCounts.count ? Double(itemCounts[Int(item)]) : 0
        }

        /// The item's count, the same for every user.
        public func rankingScore(user: Int32, item: Int32) -> Double { rankingScore(item: item) }

        public func rankingScores(users: [Int32], itemCount: Int, into scores: inout [Double]) {
            resize(&scores, to: users.count * itemCount)
            for item in 0..<itemCount {
                let score = rankingScore(item: Int32(item))
                for row in users.indices { scores[row * itemCount + item] = score }
            }
        }

        /// Damped means as values, training counts as ranking scores.
        public func predict(users: [Int32], items: [Int32]) -> Predictions {
            predictionsWithRankingScores(users: users, items: items)
        }
    }
}

extension Popularity.Fitted: ItemRankingScores {}
