import MLModels
import PipelineSpec

/// Factorization models for top-N ranking from who rated what.
enum ImplicitALSKind {
    private static let defaults = ImplicitALS.Parameters()
    static let factors = FactorParameters.factors(default: defaults.factors)
    static let iterations = Parameter(
        "iterations", default: defaults.iterations, bounds: .atLeastOne, tunable: true,
        "alternations: every user's factors, then every item's")
    static let reg = Parameter(
        "reg", default: defaults.reg, bounds: .positive, tunable: true, "L2 penalty on every user's and item's factors")
    static let alpha = Parameter(
        "alpha", default: defaults.alpha, bounds: .nonNegative, tunable: true,
        "confidence of a rated pair is 1 + alpha (unrated pairs: 1), whatever the rating's value")
    static let cgSteps = Parameter(
        "cg_steps", default: defaults.cgSteps, bounds: .atLeastOne, tunable: true,
        "conjugate-gradient steps per row and alternation, warm-started from the current factors")
    static let initStd = FactorParameters.initStd(default: defaults.initDeviation)

    static let entry = Kind<ModelContext, any RatingModel>(
        "ials",
        "implicit ALS (Hu, Koren and Volinsky 2008) on who rated what, solved by conjugate gradient; ranks items by x_u·y_i, predicts ratings by the baseline",
        parameters: [factors, iterations, reg, alpha, cgSteps, initStd]
    ) { p, _ in
        var parameters = defaults
        parameters.factors = try p.value(factors)
        parameters.iterations = try p.value(iterations)
        parameters.reg = try p.value(reg)
        parameters.alpha = try p.value(alpha)
        parameters.cgSteps = try p.value(cgSteps)
        parameters.initDeviation = try p.value(initStd)
        // Fit nodes already run side by side on every core; results do not depend on this.
        parameters.threads = 1
        return ImplicitALS(parameters)
    }
}

enum BayesianPersonalizedRankingKind {
    private static let defaults = BayesianPersonalizedRanking.Parameters()
    static let factors = FactorParameters.factors(default: defaults.factors)
    static let epochs = FactorParameters.epochs(default: defaults.epochs)
    static let learningRate = FactorParameters.learningRate(default: defaults.learningRate)
    static let reg = FactorParameters.regularization(default: defaults.reg)
    static let initStd = FactorParameters.initStd(default: defaults.initDeviation)

    static let entry = Kind<ModelContext, any RatingModel>(
        "bpr",
        "Bayesian Personalised Ranking (Rendle et al. 2009): factors and item biases trained by SGD so rated items outscore sampled others; predicts ratings by the baseline",
        parameters: [factors, epochs, learningRate, reg, initStd]
    ) { p, _ in
        BayesianPersonalizedRanking(
            BayesianPersonalizedRanking.Parameters(
                factors: try p.value(factors), epochs: try p.value(epochs), learningRate: try p.value(learningRate),
                reg: try p.value(reg), initDeviation: try p.value(initStd)))
    }
}
