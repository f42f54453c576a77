import MLCore

/// What an observer of an iterative fit answers after each epoch.
public enum EpochDecision: Sendable, Equatable {
    case proceed
    /// End training here: the fit returns the model after this epoch, the same
    /// model a fit with `epochs` set to this epoch gives.
    case stop
}

/// Watches an iterative fit epoch by epoch (a search stopping hopeless trials
/// early). It sees the model as it stands after each epoch; it cannot change
/// the training, so a fit it lets run gives the same model as one without it.
public struct EpochObserver: Sendable {
    let observe: @Sendable (_ epoch: Int, _ model: any RatingPredictor) throws -> EpochDecision

    public init(_ observe: @escaping @Sendable (_ epoch: Int, _ model: any RatingPredictor) throws -> EpochDecision) {
        self.observe = observe
    }

    /// An observer that scores each epoch's model by its RMSE on `validation`
    /// (with the values as the truth) and passes the epoch (from 1) and that
    /// error to `decide`.
    public static func validationError(
        on validation: RatingSet, decide: @escaping @Sendable (_ epoch: Int, _ rmse: Double) -> EpochDecision
    ) -> EpochObserver {
        let pairs = PredictionPairs(validation)
        return EpochObserver { epoch, model in
            let predicted = try model.predict(users: pairs.users, items: pairs.items).values
            var sum = 0.0
            for (index, value) in predicted.enumerated() {
                let error = value - validation.values[index]
                sum += error * error
            }
            let rmse = predicted.isEmpty ? .nan : (sum / Double(predicted.count)).squareRoot()
            return decide(epoch, rmse)
        }
    }
}

/// A model trained in epochs, whose fit can be watched and stopped after any epoch.
public protocol EpochwiseModel: RatingModel {
    /// As `fit(train:scale:seed:)`, asking `observer` after each epoch whether to go on.
    func fit(train: RatingSet, scale: ClosedRange<Double>, seed: UInt64, observer: EpochObserver?) throws -> Fitted
}

extension EpochwiseModel {
    public func fit(train: RatingSet, scale: ClosedRange<Double>, seed: UInt64) throws -> Fitted {
        try fit(train: train, scale: scale, seed: seed, observer: nil)
    }
}
