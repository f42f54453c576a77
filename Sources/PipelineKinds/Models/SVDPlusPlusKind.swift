import MLModels
import PipelineSpec

/// `svdpp`: SVD++, factorization with implicit feedback.
enum SVDPlusPlusKind {
    private static let defaults = SVDPlusPlus.Parameters()
    static let factors = FactorParameters.factors(default: defaults.factors)
    static let epochs = FactorParameters.epochs(default: defaults.epochs)
    static let learningRate = FactorParameters.learningRate(default: defaults.learningRate)
    static let reg = FactorParameters.regularization(default: defaults.reg)
    static let initStd = FactorParameters.initStd(default: defaults.initDeviation)
    static let optimizer = LearningParameters.optimizer(default: .sgd)
    static let batch = LearningParameters.batch(default: defaults.learning.batch, "ratings of one user")

    static let entry = Kind<ModelContext, any RatingModel>(
        "svdpp", "SVD++: matrix factorization with implicit feedback from which items a user rated",
        parameters: [
            factors, epochs, learningRate, reg, initStd, FactorParameters.onDivergence, FactorParameters.divergenceRetries,
        ] + LearningParameters.all(optimizer: optimizer, batch: batch)
    ) { p, _ in
        var parameters = defaults
        parameters.factors = try p.value(factors)
        parameters.epochs = try p.value(epochs)
        parameters.learningRate = try p.value(learningRate)
        parameters.reg = try p.value(reg)
        parameters.initDeviation = try p.value(initStd)
        parameters.onDivergence = try FactorParameters.divergencePolicy(p)
        parameters.learning = try LearningParameters.options(p, optimizer: optimizer, batch: batch)
        return SVDPlusPlus(parameters)
    }
}
