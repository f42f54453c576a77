/// What `ials` and `bpr` fit: a baseline that answers rating questions and
/// factor rows whose dot products rank items (with `bpr`'s item biases).
public struct LatentRanking: PointPredictor {
    let baseline: Baseline.Fitted
    let latent: LatentScores

    public var scale: ClosedRange<Double> { baseline.scale }

    public func estimate(user: Int32, item: Int32) -> (value: Double, fallback: PredictionFallback) {
        baseline.estimate(user: user, item: item)
    }

    /// Baseline ratings as values, the latent scores as ranking scores.
    public func predict(users: [Int32], items: [Int32]) -> Predictions {
        predictionsWithRankingScores(users: users, items: items)
    }
}

extension LatentRanking: ItemRankingScores {
    /// x_u·y_i (+ b_i); 0 for an unknown user or item.
    public func rankingScore(user: Int32, item: Int32) -> Double { latent.score(user: user, item: item) }

    public func rankingScores(users: [Int32], itemCount: Int, into scores: inout [Double]) {
        latent.scores(users: users, itemCount: itemCount, into: &scores)
    }
}
