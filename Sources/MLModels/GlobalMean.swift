import MLCore

/// `global-mean`: predicts the mean training rating for every pair.
public struct GlobalMean: RatingModel {
    public static let kind = "global-mean"

    public init() {}

    public func fit(train: RatingSet, scale: ClosedRange<Double>, seed: UInt64) throws -> Fitted {
        try validateTraining(train, scale: scale, kind: Self.kind)
        var sum = 0.0
        for value in train.values { sum += value }
        return Fitted(mean: sum / Double(train.count), scale: scale)
    }

    public struct Fitted: PointPredictor {
        public let mean: Double
        public let scale: ClosedRange<Double>

        public func estimate(user: Int32, item: Int32) -> (value: Double, fallback: PredictionFallback) {
            (mean, [])
        }
    }
}
