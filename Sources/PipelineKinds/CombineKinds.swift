import MLModels
import PipelineSpec

/// What building a combination rule needs besides its parameters.
public struct CombineContext: Sendable {
    /// The `meta:` section, for methods that require a meta-model.
    public var meta: KindConfiguration?

    public init(meta: KindConfiguration?) { self.meta = meta }
}

/// How the members' predictions become one.
enum CombineKinds {
    static let normalize = Parameter("normalize", default: true, "scale the weights to sum to one")

    static let average = Kind<CombineContext, CombinationRule>("average", "mean of the sub-models' predictions") { _, _ in
        .average
    }

    static let weighted = Kind<CombineContext, CombinationRule>(
        "weighted", "weighted mean; the weights are fitted on the validation part",
        parameters: [normalize], requires: .validationPart
    ) { p, _ in
        .weighted(normalize: try p.value(normalize))
    }

    static let stacking = Kind<CombineContext, CombinationRule>(
        "stacking", "a meta-model learns to combine sub-model predictions on the validation part",
        requires: [.validationPart, .metaModel]
    ) { _, context in
        guard let meta = context.meta else { throw KindTableError("stacking needs a meta-model") }
        return try Kinds.metaModels.build(meta)
    }

    static let all = [average, weighted, stacking]
}

/// Meta-learners for stacking (`combine.meta.kind`); the first is the default.
enum MetaModelKinds {
    static let intercept = Parameter("intercept", default: true, "fit an intercept")
    static let alpha = Parameter("alpha", default: 1.0, bounds: .nonNegative, tunable: true, "L2 penalty")

    static let ridge = Kind<Void, CombinationRule>(
        "ridge", "linear regression with an L2 penalty", parameters: [alpha, intercept]
    ) { p in
        .stacking(alpha: try p.value(alpha), intercept: try p.value(intercept))
    }

    static let linear = Kind<Void, CombinationRule>(
        "linear", "ordinary least squares", parameters: [intercept]
    ) { p in
        .stacking(alpha: 0, intercept: try p.value(intercept))
    }

    static let all = [ridge, linear]
}
