import MLModels
import PipelineSpec

/// `timesvdpp`: timeSVD++, SVD++ with biases that move in time.
enum TimeSVDPlusPlusKind {
    private static let defaults = TimeSVDPlusPlus.Parameters()
    static let factors = FactorParameters.factors(default: defaults.factors)
    static let epochs = FactorParameters.epochs(default: defaults.epochs)
    static let learningRate = FactorParameters.learningRate(default: defaults.learningRate)
    static let reg = FactorParameters.regularization(default: defaults.reg, "L2 regularization of the factors")
    static let biasLearningRate = Parameter(
        "lr_bias", default: defaults.biasLearningRate, bounds: .positive, tunable: true,
        "learning rate of the user and item biases")
    static let biasReg = FactorParameters.regularization(
        "reg_bias", default: defaults.biasReg, "L2 regularization of the user and item biases")
    static let timeLearningRate = Parameter(
        "lr_time", default: defaults.timeLearningRate, bounds: .positive, tunable: true,
        "learning rate of the item-by-period and user-by-day biases")
    static let timeReg = FactorParameters.regularization(
        "reg_time", default: defaults.timeReg, "L2 regularization of the item-by-period and user-by-day biases")
    static let driftLearningRate = Parameter(
        "lr_drift", default: defaults.driftLearningRate, bounds: .positive, tunable: true,
        "learning rate of each user's drift α_u")
    static let driftReg = FactorParameters.regularization(
        "reg_drift", default: defaults.driftReg, "L2 regularization of each user's drift α_u")
    static let bins = Parameter(
        "bins", default: defaults.bins, bounds: .atLeastOne, tunable: true,
        "equal periods of the training time span, each with its own item biases")
    static let beta = Parameter(
        "beta", default: defaults.beta, bounds: NumericBounds(low: 0, high: 1, includesLow: false), tunable: true,
        "exponent of the drift: dev_u(t) = sign(t - t_u) · |t - t_u|^beta in days")
    static let initStd = FactorParameters.initStd(default: defaults.initDeviation)

    static let entry = Kind<ModelContext, any RatingModel>(
        "timesvdpp",
        "timeSVD++ (Koren 2009): SVD++ with a drifting user bias, a bias per user and day, and item biases per period",
        parameters: [
            factors, epochs, learningRate, reg, biasLearningRate, biasReg, timeLearningRate, timeReg, driftLearningRate,
            driftReg, bins, beta, initStd, FactorParameters.onDivergence, FactorParameters.divergenceRetries,
        ], requires: .timeColumn
    ) { p, _ in
        TimeSVDPlusPlus(
            TimeSVDPlusPlus.Parameters(
                factors: try p.value(factors), epochs: try p.value(epochs), learningRate: try p.value(learningRate),
                reg: try p.value(reg), biasLearningRate: try p.value(biasLearningRate), biasReg: try p.value(biasReg),
                timeLearningRate: try p.value(timeLearningRate), timeReg: try p.value(timeReg),
                driftLearningRate: try p.value(driftLearningRate), driftReg: try p.value(driftReg),
                bins: try p.value(bins), beta: try p.value(beta), initDeviation: try p.value(initStd),
                onDivergence: try FactorParameters.divergencePolicy(p)))
    }
}
