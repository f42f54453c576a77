/// Why a prediction did not come from the full model: the report counts these.
public struct PredictionFallback: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The user has no training rating.
    public static let unknownUser = PredictionFallback(rawValue: 1 << 0)
    /// The item has no training rating.
    public static let unknownItem = PredictionFallback(rawValue: 1 << 1)
    /// A neighbourhood model found fewer than `minK` usable neighbours.
    public static let tooFewNeighbours = PredictionFallback(rawValue: 1 << 2)
}

/// One predicted rating, already clipped to the rating scale.
public struct Prediction: Hashable, Sendable {
    public var value: Double
    /// Empty when the full model made the prediction.
    public var fallback: PredictionFallback

    public init(value: Double, fallback: PredictionFallback = []) {
        self.value = value
        self.fallback = fallback
    }

    public var usedFallback: Bool { !fallback.isEmpty }
}

/// Predictions for a batch of (user, item) pairs, in the order asked for.
public struct Predictions: Sendable, Equatable {
    /// Predicted ratings, clipped to the rating scale.
    public var values: [Double]
    /// One entry per value; empty sets where the full model answered.
    public var fallbacks: [PredictionFallback]
    /// One score per value that ranks items in place of `values` (higher
    /// first), for a model whose ranking is not its predicted rating:
    /// popularity ranks by number of ratings. `nil` when `values` rank.
    /// Ranking metrics take it as `MetricEvaluator.evaluate`'s `rankingScores`.
    public var rankingScores: [Double]?

    public init(values: [Double], fallbacks: [PredictionFallback], rankingScores: [Double]? = nil) {
        precondition(values.count == fallbacks.count, "one fallback entry per value")
        precondition(rankingScores == nil || rankingScores?.count == values.count, "one ranking score per value")
        self.values = values
        self.fallbacks = fallbacks
        self.rankingScores = rankingScores
    }

    public var count: Int { values.count }

    /// How many predictions used any fallback.
    public var fallbackCount: Int { fallbacks.reduce(0) { $0 + ($1.isEmpty ? 0 : 1) } }

    public subscript(index: Int) -> Prediction {
        Prediction(value: values[index], fallback: fallbacks[index])
    }
}

/// A model that ranks items by a score of its own rather than by its
/// predicted rating (popularity ranks by how often an item was rated in
/// training, ease by its item-item weights).
public protocol ItemRankingScores {
    /// The pair's ranking score; an index outside the model's tables scores as never seen.
    func rankingScore(user: Int32, item: Int32) -> Double
    /// The ranking score of every (users[r], item) pair for items
    /// `0..<itemCount`, row-major into `scores` (resized).
    func rankingScores(users: [Int32], itemCount: Int, into scores: inout [Double])
}

extension ItemRankingScores where Self: PointPredictor {
    /// Each pair's clipped estimate as its value, with the model's own ranking score beside it.
    func predictionsWithRankingScores(users: [Int32], items: [Int32]) -> Predictions {
        precondition(users.count == items.count, "users and items must have equal length")
        var values = [Double](repeating: 0, count: users.count)
        var fallbacks = [PredictionFallback](repeating: [], count: users.count)
        var rankingScores = [Double](repeating: 0, count: users.count)
        for index in users.indices {
            let (value, fallback) = estimate(user: users[index], item: items[index])
            values[index] = clip(value, to: scale)
            fallbacks[index] = fallback
            rankingScores[index] = rankingScore(user: users[index], item: items[index])
        }
        return Predictions(values: values, fallbacks: fallbacks, rankingScores: rankingScores)
    }
}
