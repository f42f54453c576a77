import MLModels
import PipelineSpec

/// `als`: biased matrix factorization by alternating least squares.
enum AlternatingLeastSquaresKind {
    private static let defaults = AlternatingLeastSquares.Parameters()
    static let factors = FactorParameters.factors(default: defaults.factors)
    static let epochs = FactorParameters.epochs(default: defaults.epochs)
    static let reg = FactorParameters.regularization(default: defaults.reg)
    static let initStd = FactorParameters.initStd(default: defaults.initDeviation)

    static let entry = Kind<ModelContext, any RatingModel>(
        "als", "biased matrix factorization by alternating least squares",
        parameters: [factors, epochs, reg, initStd]
    ) { p, _ in
        var parameters = defaults
        parameters.factors = try p.value(factors)
        parameters.epochs = try p.value(epochs)
        parameters.reg = try p.value(reg)
        parameters.initDeviation = try p.value(initStd)
        // Fit nodes already run side by side on every core; results do not depend on this.
        parameters.threads = 1
        return AlternatingLeastSquares(parameters)
    }
}
