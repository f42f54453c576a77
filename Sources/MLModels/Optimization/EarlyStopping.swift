import MLCore

/// Stop a fit when its error on the validation rows has not improved for
/// `patience` epochs. The fit keeps the state after the last epoch it ran
/// (`patience` epochs past the best one).
public struct EarlyStopping: Sendable, Hashable {
    public enum Metric: String, Sendable, Hashable, CaseIterable { case rmse, mae }

    public var patience: Int
    public var metric: Metric

    public init(patience: Int, metric: Metric = .rmse) {
        self.patience = patience
        self.metric = metric
    }

    func validate(kind: String) throws {
        try require(patience >= 1, kind: kind, "early stopping patience must be at least 1, got \(patience)")
    }

    /// An observer that scores each epoch on `validation` and stops after
    /// `patience` epochs without a new best; `then` (a search's pruning) is
    /// asked too, and either may stop.
    public func observer(on validation: RatingSet, then next: EpochObserver?) -> EpochObserver {
        let tracker = Tracker(patience: patience)
        let metric = metric
        var observer = EpochObserver { epoch, current in
            let predictions = try current.predict(users: validation.users, items: validation.items, times: validation.times)
            let score =
                metric == .rmse
                ? rmse(predictions.values, validation.values) : meanAbsoluteError(predictions.values, validation.values)
            let stop = tracker.record(score)
            let nextDecision = try next?.observe?(epoch, current) ?? .proceed
            return stop || nextDecision == .stop ? .stop : .proceed
        }
        observer.checkpoint = next?.checkpoint
        return observer
    }

    /// The best score so far and the epochs since; an observer runs on the fit's own thread.
    final class Tracker: @unchecked Sendable {
        let patience: Int
        var best = Double.infinity
        var sinceBest = 0

        init(patience: Int) { self.patience = patience }

        /// Whether to stop after an epoch that scored `score`.
        func record(_ score: Double) -> Bool {
            if score < best {
                best = score
                sinceBest = 0
            } else {
                sinceBest += 1
            }
            return sinceBest >= patience
        }
    }
}

func meanAbsoluteError(_ predicted: [Double], _ actual: [Double]) -> Double {
    guard !predicted.isEmpty else { return 0 }
    var sum = 0.0
    for k in predicted.indices { sum += abs(predicted[k] - actual[k]) }
    return sum / Double(predicted.count)
}

/// A model whose fit can read the fold's validation rows (for early stopping).
public protocol ValidatedModel: RatingModel {
    /// Whether the fit would read validation rows (early stopping is set).
    var readsValidation: Bool { get }
    /// The model, fitting with `validation` at hand (rows in the training set's index spaces).
    func validated(by validation: RatingSet) -> Self
}
