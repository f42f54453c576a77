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

    /// What happened during the fit (divergence retries, an early stop).
    var trainingReport: TrainingReport { get }

    /// Predicts the rating of each (users[k], items[k]) pair, clipped to `scale`.
    /// Indices outside the training index spaces count as unknown.
    func predict(users: [Int32], items: [Int32]) throws -> Predictions

    /// As `predict(users:items:)`, each pair at its time (seconds since 1970;
    /// `nil` when unknown), for models that read when a rating happens.
    func predict(users: [Int32], items: [Int32], times: [Double]?) throws -> Predictions

    /// Predictions for several lists of pairs (a fold's test and validation
    /// rows), one `Predictions` per list, in order; each as
    /// `predict(users:items:)` would give it. A model that pays a fixed cost
    /// per call, such as an external program, answers every list at once.
    func predict(parts: [PredictionPairs]) throws -> [Predictions]
}

extension RatingPredictor {
    /// Each list in turn: for models that predict in memory, one call per list costs nothing extra.
    public func predict(parts: [PredictionPairs]) throws -> [Predictions] {
        try parts.map { try predict(users: $0.users, items: $0.items, times: $0.times) }
    }

    /// Times do not change what a model that ignores them predicts.
    public func predict(users: [Int32], items: [Int32], times: [Double]?) throws -> Predictions {
        try predict(users: users, items: items)
    }
}

/// (user, item) pairs to predict, as parallel arrays of dense indices.
public struct PredictionPairs: Sendable, Equatable {
    public var users: [Int32]
    public var items: [Int32]
    /// When each rating happens (seconds since 1970), for models with time effects; `nil` when unknown.
    public var times: [Double]?

    public init(users: [Int32], items: [Int32], times: [Double]? = nil) {
        precondition(users.count == items.count, "users and items must have equal length")
        precondition(times == nil || times?.count == users.count, "one time per pair")
        self.users = users
        self.items = items
        self.times = times
    }

    /// The pair of every row of `ratings`, at its time (their values are ignored).
    public init(_ ratings: RatingSet) {
        self.init(users: ratings.users, items: ratings.items, times: ratings.times)
    }

    public var count: Int { users.count }
}

/// A predictor that answers one pair at a time in memory; batches come for free.
public protocol PointPredictor: RatingPredictor {
    /// The model's estimate before clipping, and the fallback it used.
    func estimate(user: Int32, item: Int32) -> (value: Double, fallback: PredictionFallback)
}

/// A point predictor whose estimate depends on when the rating happens.
public protocol TimedPointPredictor: PointPredictor {
    /// The estimate of a rating at `time` (seconds since 1970; `nil` when unknown).
    func estimate(user: Int32, item: Int32, time: Double?) -> (value: Double, fallback: PredictionFallback)
}

extension TimedPointPredictor {
    public func estimate(user: Int32, item: Int32) -> (value: Double, fallback: PredictionFallback) {
        estimate(user: user, item: item, time: nil)
    }

    public func predict(users: [Int32], items: [Int32], times: [Double]?) -> Predictions {
        precondition(users.count == items.count, "users and items must have equal length")
        var values = [Double](repeating: 0, count: users.count)
        var fallbacks = [PredictionFallback](repeating: [], count: users.count)
        for index in users.indices {
            let (value, fallback) = estimate(user: users[index], item: items[index], time: times?[index])
            values[index] = clip(value, to: scale)
            fallbacks[index] = fallback
        }
        return Predictions(values: values, fallbacks: fallbacks)
    }
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
