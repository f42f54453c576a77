/// How sub-model predictions are combined.
public enum CombineMethods {
    public static let all: [KindDescriptor] = [average, weighted, bagging, boosting, stacking]

    static let average = KindDescriptor("average", "mean of the sub-models' predictions")
    static let weighted = KindDescriptor(
        "weighted", "weighted mean; the weights are fitted on the validation part",
        parameters: [
            ParameterDescriptor("normalize", .bool, default: .bool(true), "scale the weights to sum to one"),
        ])
    static let bagging = KindDescriptor(
        "bagging", "each sub-model trained on bootstrap resamples; predictions averaged",
        parameters: [
            ParameterDescriptor("rounds", .int, default: .int(10), bounds: .atLeastOne, tunable: true, "bootstrap resamples per sub-model"),
            ParameterDescriptor("fraction", .double, default: .double(1), bounds: NumericBounds(low: 0, high: 1, includesLow: false),
                                tunable: true, "size of each resample as a fraction of the training part"),
        ])
    static let boosting = KindDescriptor(
        "boosting", "sub-models fitted in sequence to the residuals of the ones before",
        parameters: [
            ParameterDescriptor("rounds", .int, default: .int(3), bounds: .atLeastOne, tunable: true, "passes over the sub-models"),
            ParameterDescriptor("lr", .double, default: .double(0.5), bounds: NumericBounds(low: 0, high: 1, includesLow: false),
                                tunable: true, "shrinkage of each round's contribution"),
        ])
    static let stacking = KindDescriptor(
        "stacking", "a meta-model learns to combine sub-model predictions on the validation part",
        parameters: [])
}

/// Meta-learners for stacking (`combine.meta.kind`).
public enum MetaModelKinds {
    public static let all: [KindDescriptor] = [ridge, linear]

    static let ridge = KindDescriptor(
        "ridge", "linear regression with an L2 penalty",
        parameters: [
            ParameterDescriptor("alpha", .double, default: .double(1), bounds: .nonNegative, tunable: true, "L2 penalty"),
            ParameterDescriptor("intercept", .bool, default: .bool(true), "fit an intercept"),
        ])
    static let linear = KindDescriptor(
        "linear", "ordinary least squares",
        parameters: [
            ParameterDescriptor("intercept", .bool, default: .bool(true), "fit an intercept"),
        ])
}
