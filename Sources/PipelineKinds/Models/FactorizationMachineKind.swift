import MLModels
import PipelineSpec

/// `fm`: a factorization machine over the user, the item, their attributes and the rating's context.
enum FactorizationMachineKind {
    private static let defaults = FactorizationMachine.Parameters()
    static let factors = FactorParameters.factors(default: defaults.factors)
    static let epochs = FactorParameters.epochs(default: defaults.epochs)
    static let learningRate = FactorParameters.learningRate(default: defaults.learningRate)
    static let reg = FactorParameters.regularization(default: defaults.reg, "L2 regularization of the pairwise factors")
    static let regLinear = FactorParameters.regularization(
        "reg_linear", default: defaults.regLinear, "L2 regularization of the linear weights")
    static let initStd = FactorParameters.initStd(default: defaults.initDeviation)
    static let features = Parameter(
        ModelSpec.featuresParameter, default: NameList([]),
        "side features besides the user and the item: users.NAME and items.NAME (attributes of data: users and items), "
            + "context.hour, context.weekday, context.month (from the ratings' time)")
    static let optimizer = LearningParameters.optimizer(default: .sgd)
    static let batch = LearningParameters.batch(default: defaults.learning.batch, "ratings")

    static let entry = Kind<ModelContext, any RatingModel>(
        "fm", "factorization machine (Rendle 2010) over the user, the item, their attributes and the rating's context",
        parameters: [
            factors, epochs, learningRate, reg, regLinear, initStd, features, FactorParameters.onDivergence,
            FactorParameters.divergenceRetries,
        ] + LearningParameters.all(optimizer: optimizer, batch: batch)
    ) { p, _ in
        var parameters = defaults
        parameters.factors = try p.value(factors)
        parameters.epochs = try p.value(epochs)
        parameters.learningRate = try p.value(learningRate)
        parameters.reg = try p.value(reg)
        parameters.regLinear = try p.value(regLinear)
        parameters.initDeviation = try p.value(initStd)
        for written in try p.value(features).names {
            let reference = SideFeatureReference(text: Located(written, at: .unknown))
            switch (reference.entity, reference.context, reference.name) {
            case (.users?, _, let name?): parameters.userAttributes.append(name)
            case (.items?, _, let name?): parameters.itemAttributes.append(name)
            case (nil, let context?, _):
                guard let feature = ContextFeature(rawValue: context.rawValue) else { continue }
                parameters.contexts.append(feature)
            default: throw KindTableError("'\(written)' is not a side feature")
            }
        }
        parameters.onDivergence = try FactorParameters.divergencePolicy(p)
        parameters.learning = try LearningParameters.options(p, optimizer: optimizer, batch: batch)
        return FactorizationMachine(parameters)
    }
}
