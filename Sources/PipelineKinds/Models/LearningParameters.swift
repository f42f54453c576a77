import MLModels
import PipelineSpec

/// The learning options of gradient-trained models (`mf`, `svdpp`,
/// `autorec`): optimizer, loss, schedule, batch and early stopping, declared
/// once with each model's own defaults.
enum LearningParameters {
    enum Optimizer: String, ParameterChoice { case sgd, momentum, adagrad, rmsprop, adam }
    enum Loss: String, ParameterChoice { case mse, mae, huber }
    enum Schedule: String, ParameterChoice { case constant, exponential, cosine }
    enum StoppingMetric: String, ParameterChoice { case rmse, mae }

    private static let base = OptimizerSettings()
    static let beta1 = Parameter(
        "beta1", default: base.beta1, bounds: NumericBounds(low: 0, high: 1, includesHigh: false), tunable: true,
        "Adam's first-moment decay")
    static let beta2 = Parameter(
        "beta2", default: base.beta2, bounds: NumericBounds(low: 0, high: 1, includesHigh: false), tunable: true,
        "Adam's (and RMSprop's) second-moment decay")
    static let eps = Parameter(
        "eps", default: base.eps, bounds: .positive, "added to the root of the second moment (adagrad, rmsprop, adam)")
    static let momentum = Parameter(
        "momentum", default: base.momentum, bounds: NumericBounds(low: 0, high: 1, includesHigh: false), tunable: true,
        "velocity decay of optimizer: momentum")
    static let loss = Parameter(
        "loss", default: Loss.mse, "loss on each observed rating: mse (½e²), mae (absolute error) or huber")
    static let huberDelta = Parameter(
        "huber_delta", default: 1.0, bounds: .positive, tunable: true, "where the huber loss turns from squared to linear")
    static let schedule = Parameter(
        "lr_schedule", default: Schedule.constant,
        "learning rate per epoch: constant, exponential (lr · lr_decay^(epoch-1)) or cosine (from lr down to 0)")
    static let decay = Parameter(
        "lr_decay", default: 0.95, bounds: NumericBounds(low: 0, high: 1, includesLow: false), tunable: true,
        "factor per epoch of lr_schedule: exponential")
    static let earlyStopping = OptionalParameter<StoppingRule<StoppingMetric>>(
        "early_stopping", bounds: .atLeastOne,
        "stop when the validation error (split.validation; metric rmse unless written) has not improved for patience epochs"
    )

    static func optimizer(default value: Optimizer) -> Parameter<Optimizer> {
        Parameter(
            "optimizer", default: value,
            "update rule: sgd, momentum, adagrad, rmsprop or adam (parameters lr, momentum, beta1, beta2, eps)")
    }

    static func batch(default value: Int, _ what: String) -> Parameter<Int> {
        Parameter("batch", default: value, bounds: .atLeastOne, tunable: true, "\(what) per update; gradients are averaged")
    }

    /// The parameters of every option, for a kind's table entry.
    static func all(optimizer: Parameter<Optimizer>, batch: Parameter<Int>) -> [any DeclaredParameter] {
        [optimizer, beta1, beta2, eps, momentum, loss, huberDelta, schedule, decay, batch, earlyStopping]
    }

    /// The names of every option.
    static let names: Set<String> = Set(
        all(optimizer: optimizer(default: .sgd), batch: batch(default: 1, "")).map(\.descriptor.name))

    /// The library's options for the written values.
    static func options(_ p: ParameterSet, optimizer: Parameter<Optimizer>, batch: Parameter<Int>) throws
        -> LearningOptions
    {
        let kind: OptimizerKind
        switch try p.value(optimizer) {
        case .sgd: kind = .sgd
        case .momentum: kind = .momentum
        case .adagrad: kind = .adagrad
        case .rmsprop: kind = .rmsprop
        case .adam: kind = .adam
        }
        let settings = OptimizerSettings(
            kind, beta1: try p.value(beta1), beta2: try p.value(beta2), eps: try p.value(eps),
            momentum: try p.value(momentum))
        let trainingLoss: TrainingLoss
        switch try p.value(loss) {
        case .mse: trainingLoss = .mse
        case .mae: trainingLoss = .mae
        case .huber: trainingLoss = .huber(delta: try p.value(huberDelta))
        }
        let rateSchedule: LearningRateSchedule
        switch try p.value(schedule) {
        case .constant: rateSchedule = .constant
        case .exponential: rateSchedule = .exponential(decay: try p.value(decay))
        case .cosine: rateSchedule = .cosine
        }
        let stopping = try p.value(earlyStopping).map { rule in
            EarlyStopping(patience: rule.patience, metric: rule.metric == .rmse ? .rmse : .mae)
        }
        return LearningOptions(
            optimizer: settings, loss: trainingLoss, schedule: rateSchedule, batch: try p.value(batch),
            earlyStopping: stopping)
    }
}
