import MLModels
import PipelineSpec

/// What building a combiner needs besides its parameters.
public struct CombineContext: Sendable {
    /// The models combined, in order: `members:`, or every model.
    public var members: [String]
    /// `weights:`, when the file fixes them.
    public var weights: [MemberWeight]
    /// The `meta:` section, for methods that take a meta-model.
    public var meta: KindConfiguration?

    public init(members: [String], weights: [MemberWeight] = [], meta: KindConfiguration? = nil) {
        self.members = members
        self.weights = weights
        self.meta = meta
    }

    public init(_ combine: CombineSpec, models: [String]) {
        self.init(
            members: combine.members.isEmpty ? models : combine.members.map(\.value), weights: combine.weights, meta: combine.meta
        )
    }
}

/// How the members' predictions become one, and which fits that takes.
public enum CombineMethod: Sendable, Hashable {
    /// The mean of the members' predictions.
    case average(members: [String])
    case weighted(WeightedPlan)
    /// `count` fits of `model` on bootstrap resamples, averaged.
    case bagging(model: String, count: Int, fraction: Double)
    case boosting(BoostingPlan)
    case stacking(StackingPlan)
}

/// `weighted`: fixed weights, or weights learned on the validation part, per time window or once.
public struct WeightedPlan: Sendable, Hashable {
    public var members: [String]
    /// Written weights, in member order; `nil` when they are learned.
    public var fixed: [Double]?
    public var fit: WeightFit
    public var window: TimeWindow?
    public var smoothing: Double
    /// With an event stream: the half-life, in ratings, of the member errors the online weights follow.
    public var halfLife: Double = 1000
}

public enum BoostingVariant: String, ParameterChoice, Sendable {
    case gradient
    case adaboostR2 = "adaboost-r2"
}

/// `boosting`: members fitted in sequence.
public struct BoostingPlan: Sendable, Hashable {
    public var variant: BoostingVariant
    /// Cycled through, one per round.
    public var models: [String]
    public var rounds: Int
    /// Shrinkage of each round after the first (gradient).
    public var rate: Double
    /// Rounds without a better validation error before the rest are skipped.
    public var patience: Int?
}

/// Where a stacking meta-model learns.
public enum StackingSource: Sendable, Hashable {
    /// The split's validation part, members trained without it.
    case validation
    /// Out-of-fold predictions over the training part, from `parts` inner folds.
    case crossValidation(parts: Int)
    /// One inner part of this fraction of the training part.
    case holdout(fraction: Double)

    var parts: Int? {
        switch self {
        case .validation: nil
        case .crossValidation(let parts): parts
        case .holdout: 1
        }
    }
}

/// `stacking`: a meta-model over the members' predictions (and meta-features).
public struct StackingPlan: Sendable, Hashable {
    public var members: [String]
    public var learner: MetaLearner
    public var source: StackingSource
    public var features: [MetaFeature]
    public var refit: Bool
}

extension MetaFeature: ParameterChoice {}

/// The combine methods (`combine.method`).
enum CombineKinds {
    typealias Entry = Kind<CombineContext, CombineMethod>

    static let average = Entry("average", "mean of the sub-models' predictions", sections: ["members"]) { _, context in
        .average(members: context.members)
    }

    enum Fit: String, ParameterChoice {
        case leastSquares = "least-squares"
        case nonNegative = "non-negative"
        case inverseError = "inverse-error"
    }

    static let fit = Parameter(
        "fit", default: Fit.nonNegative, tunable: true,
        "how weights are learned on the validation part: least squares with an intercept, non-negative summing to one, or 1/error^power"
    )
    static let power = Parameter(
        "power", default: 1.0, bounds: .positive, tunable: true, "exponent of the error for fit: inverse-error")
    static let window = OptionalParameter<WindowSize>(
        "window",
        "re-learn the weights per time window (30d) or per {rows: N} validation rows by time; a prediction at time t uses the window holding t"
    )
    static let smoothing = Parameter(
        "smoothing", default: 0.0, bounds: NumericBounds(low: 0, high: 1, includesHigh: false), tunable: true,
        "share of the previous window's weights carried into the next")

    static let halfLife = Parameter(
        "half_life", default: 1000.0, bounds: .positive, tunable: true,
        "with a prequential split by event: the half-life, in ratings, of each member's recent error that the online weights follow"
    )

    static let weighted = Entry(
        "weighted",
        "weighted mean; the weights are written (weights:) or learned on the validation part, once or per time window; "
            + "on an event stream they are learned online",
        parameters: [fit, power, window, smoothing, halfLife], requires: .validationPart, sections: ["members", "weights"],
        requirementsWhenWritten: ["window": .timeColumn],
        requirementsUnlessWritten: ["weights": .validationPart]
    ) { p, context in
        var fixed: [Double]?
        if !context.weights.isEmpty {
            fixed = try context.members.map { member in
                guard let entry = context.weights.first(where: { $0.name.value == member }) else {
                    throw KindTableError("no weight for '\(member)'")
                }
                return entry.weight.value
            }
        }
        let fitting: WeightFit =
            switch try p.value(fit) {
            case .leastSquares: .leastSquares
            case .nonNegative: .nonNegative
            case .inverseError: .inverseError(power: try p.value(power))
            }
        let timeWindow: TimeWindow? =
            switch try p.value(window) {
            case .duration(let units)?: .duration(units)
            case .rows(let rows)?: .rows(rows)
            case nil: nil
            }
        var plan = WeightedPlan(
            members: context.members, fixed: fixed, fit: fitting, window: timeWindow, smoothing: try p.value(smoothing))
        plan.halfLife = try p.value(halfLife)
        return .weighted(plan)
    }

    static let of = Parameter<ModelName>(required: "of", "the model of 'models:' to train on each resample")
    static let count = Parameter("members", default: 10, bounds: .atLeastOne, tunable: true, "number of bootstrap resamples")
    static let fraction = Parameter(
        "fraction", default: 1.0, bounds: NumericBounds(low: 0, high: 1, includesLow: false), tunable: true,
        "size of each resample as a fraction of the training part")

    static let bagging = Entry(
        "bagging",
        "one model trained on bootstrap resamples of the training part, predictions averaged; reports the out-of-bag error",
        parameters: [of, count, fraction]
    ) { p, _ in
        .bagging(model: try p.value(of).name, count: try p.value(count), fraction: try p.value(fraction))
    }

    static let variant = Parameter(
        "variant", default: BoostingVariant.gradient,
        "gradient: each round fits the residuals of the rounds before; adaboost-r2: rounds reweight rows toward the worst predicted"
    )
    static let boosted = Parameter<ModelNames>(required: "of", "the model (or models, cycled) each round trains")
    static let rounds = Parameter("rounds", default: 10, bounds: .atLeastOne, tunable: true, "number of rounds")
    static let rate = Parameter(
        "rate", default: 0.5, bounds: NumericBounds(low: 0, high: 1, includesLow: false), tunable: true,
        "shrinkage of each round after the first (gradient)")
    static let patience = OptionalParameter<Int>(
        "patience", bounds: .atLeastOne, "stop after this many rounds without a better validation error")

    static let boosting = Entry(
        "boosting", "models fitted in sequence, each on what the rounds before got wrong",
        parameters: [variant, boosted, rounds, rate, patience], requirementsWhenWritten: ["patience": .validationPart]
    ) { p, _ in
        .boosting(
            BoostingPlan(
                variant: try p.value(variant), models: try p.value(boosted).names, rounds: try p.value(rounds),
                rate: try p.value(rate), patience: try p.value(patience)))
    }

    static let cv = OptionalParameter<Int>(
        "cv", bounds: NumericBounds(low: 2), "learn on out-of-fold predictions of this many inner folds of the training part")
    static let holdout = OptionalParameter<Double>(
        "holdout", bounds: .fraction, "learn on one held-out fraction of the training part")
    static let features = Parameter(
        "features", default: ChoiceList<MetaFeature>([]),
        "meta-features multiplied with each member's prediction (feature-weighted linear stacking)")
    static let refit = Parameter(
        "refit", default: true, "test predictions from members refit on the whole training part (else the inner fits' mean)")

    static let stacking = Entry(
        "stacking",
        "a meta-model learns to combine the members' predictions: on the validation part, or out of fold (cv) or on a holdout",
        parameters: [cv, holdout, features, refit], requires: [.validationPart, .metaModel], atMostOneOf: ["cv", "holdout"],
        sections: ["members", "meta"], requirementsUnlessWritten: ["cv": .validationPart, "holdout": .validationPart]
    ) { p, context in
        guard let meta = context.meta else { throw KindTableError("stacking needs a meta-model") }
        var source = StackingSource.validation
        if let parts = try p.value(cv) { source = .crossValidation(parts: parts) }
        if let fraction = try p.value(holdout) { source = .holdout(fraction: fraction) }
        return .stacking(
            StackingPlan(
                members: context.members, learner: try Kinds.metaModels.build(meta), source: source,
                features: try p.value(features).choices, refit: try p.value(refit)))
    }

    static let all = [average, weighted, bagging, boosting, stacking]
}

/// Meta-learners for stacking (`combine.meta.kind`); the first is the default.
enum MetaModelKinds {
    static let intercept = Parameter("intercept", default: true, "fit an intercept")
    static let alpha = Parameter("alpha", default: 1.0, bounds: .nonNegative, tunable: true, "L2 penalty")

    static let ridge = Kind<Void, MetaLearner>("ridge", "linear regression with an L2 penalty", parameters: [alpha, intercept]) {
        p in
        .ridge(alpha: try p.value(alpha), intercept: try p.value(intercept))
    }

    static let linear = Kind<Void, MetaLearner>("linear", "ordinary least squares", parameters: [intercept]) { p in
        .ridge(alpha: 0, intercept: try p.value(intercept))
    }

    static let nonNegative = Kind<Void, MetaLearner>(
        "non-negative", "non-negative least squares: every member's coefficient at least 0, no intercept"
    ) { _ in .nonNegative }

    static let all = [ridge, linear, nonNegative]
}
