import PipelineSpec

/// Parameters that several factorization models declare alike; each model
/// passes its library's own default so the two never disagree.
enum FactorParameters {
    static func factors(default value: Int) -> Parameter<Int> {
        Parameter("factors", default: value, bounds: .atLeastOne, tunable: true, "number of latent factors")
    }

    static func epochs(default value: Int) -> Parameter<Int> {
        Parameter("epochs", default: value, bounds: .atLeastOne, tunable: true, "passes over the training data")
    }

    static func learningRate(default value: Double) -> Parameter<Double> {
        Parameter("lr", default: value, bounds: .positive, tunable: true, "SGD learning rate")
    }

    static func regularization(_ name: String = "reg", default value: Double, _ summary: String = "L2 regularization")
        -> Parameter<Double>
    {
        Parameter(name, default: value, bounds: .nonNegative, tunable: true, summary)
    }

    static func initStd(default value: Double) -> Parameter<Double> {
        Parameter(
            "init_std", default: value, bounds: .nonNegative, tunable: true,
            "standard deviation of the normal initialization of factors")
    }
}
