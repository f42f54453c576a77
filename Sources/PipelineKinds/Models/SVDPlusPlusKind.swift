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

    static let entry = Kind<ModelContext, any RatingModel>(
        "svdpp", "SVD++: matrix factorization with implicit feedback from which items a user rated",
        parameters: [
            factors, epochs, learningRate, reg, initStd, FactorParameters.onDivergence, FactorParameters.divergenceRetries,
            LearningParameters.schedule, LearningParameters.decay, LearningParameters.earlyStopping,
            LearningParameters.stoppingMetric,
        ]
    ) { p, _ in
        var parameters = defaults
        parameters.factors = try p.value(factors)
        parameters.epochs = try p.value(epochs)
        parameters.learningRate = try p.value(learningRate)
        parameters.reg = try p.value(reg)
        parameters.initDeviation = try p.value(initStd)
        parameters.onDivergence = try FactorParameters.divergencePolicy(p)
        // SVD++ keeps per-rating SGD on ½e²: only the schedule and early stopping apply.
        let options = try LearningParameters.options(
            p, optimizer: LearningParameters.optimizer(default: .sgd), batch: LearningParameters.batch(default: 1, "ratings"))
        parameters.learning = LearningOptions(schedule: options.schedule, earlyStopping: options.earlyStopping)
        return SVDPlusPlus(parameters)
    }
}
