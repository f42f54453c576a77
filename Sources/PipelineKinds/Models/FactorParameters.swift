import MLModels
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

    enum OnDivergence: String, ParameterChoice { case fail, retry }

    static let onDivergence = Parameter(
        "on_divergence", default: OnDivergence.fail,
        "when an epoch makes the model NaN or infinite: fail, or run it again from the last finite state at half the learning rate"
    )
    static let divergenceRetries = Parameter(
        "divergence_retries", default: 3, bounds: .atLeastOne, "most reruns of diverged epochs in one fit (on_divergence: retry)")

    /// The library's policy for the written `on_divergence` and `divergence_retries`.
    static func divergencePolicy(_ p: ParameterSet) throws -> DivergencePolicy {
        try p.value(onDivergence) == .retry ? .retry(times: try p.value(divergenceRetries)) : .fail
    }
}
