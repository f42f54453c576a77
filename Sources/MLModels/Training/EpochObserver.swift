import MLCore

/// What an epoch observer tells the fit after an epoch.
public enum EpochDecision: Sendable, Hashable {
    /// Run the next epoch, as if nothing were watching.
    case proceed
    /// End the fit now; the model is the one after this epoch.
    case stop
}

/// Watches an iterative fit (`mf`, `svdpp`, `als`, `baseline`): called after
/// every epoch with the epoch number (1-based) and a predictor of the state
/// after it. Used by searches that prune trials early (median pruning) and by
/// early stopping. A fit without an observer never builds these predictors.
public struct EpochObserver {
    let observe: ((_ epoch: Int, _ current: any RatingPredictor) throws -> EpochDecision)?
    /// Where a long fit keeps its state between epochs (see `EpochCheckpoint`).
    public var checkpoint: EpochCheckpoint?

    public init(_ observe: @escaping (_ epoch: Int, _ current: any RatingPredictor) throws -> EpochDecision) {
        self.observe = observe
    }

    /// An observer that only checkpoints: it never builds predictors and never stops the fit.
    public init(checkpoint: EpochCheckpoint) {
        observe = nil
        self.checkpoint = checkpoint
    }

    /// An observer that scores the current state on validation rows, given as
    /// parallel dense indices and ratings in the training set's index spaces,
    /// and hands the RMSE to `decide`.
    public static func validationRMSE(
        users: [Int32], items: [Int32], values: [Double], times: [Double]? = nil,
        decide: @escaping (_ epoch: Int, _ validationRMSE: Double) throws -> EpochDecision
    ) -> EpochObserver {
        precondition(users.count == items.count && items.count == values.count, "validation columns must have equal length")
        return EpochObserver { epoch, current in
            let predictions = try current.predict(users: users, items: items, times: times)
            return try decide(epoch, rmse(predictions.values, values))
        }
    }

    /// `validationRMSE(users:items:values:decide:)` on every row of `validation`.
    public static func validationRMSE(
        on validation: RatingSet, decide: @escaping (_ epoch: Int, _ validationRMSE: Double) throws -> EpochDecision
    ) -> EpochObserver {
        validationRMSE(
            users: validation.users, items: validation.items, values: validation.values, times: validation.times, decide: decide)
    }
}

/// A model trained in epochs, whose fit can be watched and stopped early.
public protocol IterativeModel: RatingModel {
    /// As `fit(train:scale:seed:)`, calling `observer` after each epoch. An
    /// observer that always proceeds leaves the result bit-identical; one that
    /// stops after epoch k gives the model that `epochs: k` would.
    func fit(train: RatingSet, scale: ClosedRange<Double>, seed: UInt64, observer: EpochObserver?) throws -> Fitted
}

/// Root mean squared error of predictions against ratings; 0 for no rows.
func rmse(_ predicted: [Double], _ actual: [Double]) -> Double {
    guard !predicted.isEmpty else { return 0 }
    var sum = 0.0
    for k in predicted.indices { sum += (predicted[k] - actual[k]) * (predicted[k] - actual[k]) }
    return (sum / Double(predicted.count)).squareRoot()
}
