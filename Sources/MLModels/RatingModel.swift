import MLCore

/// A kind of model with its hyper-parameters: fitting it to training ratings
/// gives a predictor.
public protocol RatingModel: Sendable {
    associatedtype Fitted: RatingPredictor

    /// The kind's name in pipeline files (`mf`, `knn`...), used in error messages.
    static var kind: String { get }

    /// Trains on `train`. Predictions are clipped to `scale`; `seed` fixes every
    /// random draw, so equal inputs give bit-identical predictors.
    func fit(train: RatingSet, scale: ClosedRange<Double>, seed: UInt64) throws -> Fitted
}

/// A trained model.
public protocol RatingPredictor: Sendable {
    var scale: ClosedRange<Double> { get }

    /// Predicts the rating of each (users[k], items[k]) pair, clipped to `scale`.
    /// Indices outside the training index spaces count as unknown.
    func predict(users: [Int32], items: [Int32]) throws -> Predictions
}

/// A predictor that answers one pair at a time in memory; batches come for free.
public protocol PointPredictor: RatingPredictor {
    /// The model's estimate before clipping, and the fallback it used.
    func estimate(user: Int32, item: Int32) -> (value: Double, fallback: PredictionFallback)
}

extension PointPredictor {
    /// One prediction, clipped to the rating scale.
    public func predict(user: Int32, item: Int32) -> Prediction {
        let (value, fallback) = estimate(user: user, item: item)
        return Prediction(value: clip(value, to: scale), fallback: fallback)
    }

    public func predict(users: [Int32], items: [Int32]) -> Predictions {
        precondition(users.count == items.count, "users and items must have equal length")
        var values = [Double](repeating: 0, count: users.count)
        var fallbacks = [PredictionFallback](repeating: [], count: users.count)
        for index in users.indices {
            let (value, fallback) = estimate(user: users[index], item: items[index])
            values[index] = clip(value, to: scale)
            fallbacks[index] = fallback
        }
        return Predictions(values: values, fallbacks: fallbacks)
    }
}

extension RatingPredictor {
    /// Predictions for every row of `ratings` (their values are ignored).
    public func predict(_ ratings: RatingSet) throws -> Predictions {
        try predict(users: ratings.users, items: ratings.items)
    }
}

/// `value` limited to `scale`; a NaN becomes the middle of the scale so that no
/// caller ever sees one.
@inline(__always)
func clip(_ value: Double, to scale: ClosedRange<Double>) -> Double {
    guard !value.isNaN else { return (scale.lowerBound + scale.upperBound) / 2 }
    return min(max(value, scale.lowerBound), scale.upperBound)
}
