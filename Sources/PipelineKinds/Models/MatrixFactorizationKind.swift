import MLModels
import PipelineSpec

/// `mf`: biased matrix factorization trained by SGD.
enum MatrixFactorizationKind {
    private static let defaults = MatrixFactorization.Parameters()
    static let factors = FactorParameters.factors(default: defaults.factors)
    static let epochs = FactorParameters.epochs(default: defaults.epochs)
    static let learningRate = FactorParameters.learningRate(default: defaults.learningRate)
    static let reg = FactorParameters.regularization(default: defaults.reg)
    static let initStd = FactorParameters.initStd(default: defaults.initDeviation)
    static let biased = Parameter("biased", default: defaults.biased, "learn user and item biases")
    static let optimizer = LearningParameters.optimizer(default: .sgd)
    static let batch = LearningParameters.batch(default: defaults.learning.batch, "ratings")

    static let entry = Kind<ModelContext, any RatingModel>(
        "mf", "biased matrix factorization trained by SGD (Funk SVD)",
        parameters: [
            factors, epochs, learningRate, reg, initStd, biased, FactorParameters.onDivergence,
            FactorParameters.divergenceRetries,
        ] + LearningParameters.all(optimizer: optimizer, batch: batch)
    ) { p, _ in
        var parameters = defaults
        parameters.factors = try p.value(factors)
        parameters.epochs = try p.value(epochs)
        parameters.learningRate = try p.value(learningRate)
        parameters.reg = try p.value(reg)
        parameters.initDeviation = try p.value(initStd)
        parameters.biased = try p.value(biased)
        parameters.onDivergence = try FactorParameters.divergencePolicy(p)
        parameters.learning = try LearningParameters.options(p, optimizer: optimizer, batch: batch)
        return MatrixFactorization(parameters)
    }
}
