import MLCore

/// How a gradient-trained model (`mf`, `svdpp`, `autorec`) learns: the
/// optimizer, the loss, the learning-rate schedule, the batch size and early
/// stopping. `LearningOptions()` is classic per-rating SGD on the squared
/// error at a constant rate, which the factor models run on their own
/// original code path.
public struct LearningOptions: Sendable, Hashable {
    public var optimizer: OptimizerSettings
    public var loss: TrainingLoss
    public var schedule: LearningRateSchedule
    /// Ratings (or, for `autorec`, items) per update; gradients are averaged over a batch.
    public var batch: Int
    public var earlyStopping: EarlyStopping?

    public init(
        optimizer: OptimizerSettings = OptimizerSettings(), loss: TrainingLoss = .mse,
        schedule: LearningRateSchedule = .constant, batch: Int = 1, earlyStopping: EarlyStopping? = nil
    ) {
        self.optimizer = optimizer
        self.loss = loss
        self.schedule = schedule
        self.batch = batch
        self.earlyStopping = earlyStopping
    }

    /// Whether the per-step updates are plain SGD on ½e², one rating at a
    /// time: the factor models' original kernels (a schedule only changes the
    /// rate they are given).
    var isClassicSGD: Bool { optimizer.kind == .sgd && loss == .mse && batch == 1 }

    func validate(kind: String) throws {
        try optimizer.validate(kind: kind)
        try loss.validate(kind: kind)
        try schedule.validate(kind: kind)
        try require(batch >= 1, kind: kind, "batch must be at least 1, got \(batch)")
        try earlyStopping?.validate(kind: kind)
    }

    /// The observer a fit runs with: early stopping on `validation` when set
    /// and there are validation rows, chained with `observer`.
    func observer(validation: RatingSet?, then observer: EpochObserver?) -> EpochObserver? {
        guard let earlyStopping, let validation, validation.count > 0 else { return observer }
        return earlyStopping.observer(on: validation, then: observer)
    }
}
