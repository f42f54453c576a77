/// What an SGD fit (`mf`, `svdpp`, `baseline` with SGD) does when an epoch
/// leaves its loss or parameters NaN or infinite.
public enum DivergencePolicy: Sendable, Hashable {
    /// Throw a `ModelError` with code `diverged`, naming the epoch and the likely cause.
    case fail
    /// Run the epoch again from the last finite state with the learning rate
    /// halved, up to `times` times in one fit; then fail.
    case retry(times: Int)
}

/// One restart of a diverged epoch.
public struct DivergenceRetry: Sendable, Hashable {
    /// The epoch (1-based) that diverged.
    public var epoch: Int
    /// The learning rate it was run again with.
    public var learningRate: Double

    public init(epoch: Int, learningRate: Double) {
        self.epoch = epoch
        self.learningRate = learningRate
    }
}

/// What happened during a fit, for the caller to put into results.
public struct TrainingReport: Sendable, Hashable {
    /// Epochs completed.
    public var epochs = 0
    /// Whether an epoch observer ended the fit before its last epoch.
    public var stoppedEarly = false
    /// Every divergence that was retried, in order.
    public var retries: [DivergenceRetry] = []
    /// The epoch after which the fit resumed from a checkpoint; never saved with the model
    /// (a resumed fit is the same model), only told to whoever watches the run.
    public var resumedAfter: Int?

    public init() {}

    /// "diverged at epoch 7, retried with lr 0.0025", one clause per retry; empty when nothing happened.
    public var summary: String {
        retries.map { "diverged at epoch \($0.epoch), retried with lr \($0.learningRate)" }.joined(separator: "; ")
    }
}

extension RatingPredictor {
    /// Retries and early stops of the fit; models that train in one pass report nothing.
    public var trainingReport: TrainingReport { TrainingReport() }
}
