import MLModels
import PipelineSpec

/// `baseline`: global mean plus user and item biases.
enum BaselineKind {
    private static let defaults = Baseline.Parameters()

    enum Method: String, ParameterChoice {
        case als, sgd

        init(_ method: Baseline.Method) {
            switch method {
            case .als: self = .als
            case .sgd: self = .sgd
            }
        }

        var method: Baseline.Method {
            switch self {
            case .als: .als
            case .sgd: .sgd
            }
        }
    }

    static let method = Parameter("method", default: Method(defaults.method), "how the biases are fitted")
    /// No default of its own: each method has its own (10 for als, 20 for sgd, as Surprise).
    static let epochs = OptionalParameter<Int>(
        "epochs", bounds: .atLeastOne, tunable: true,
        "passes over the training data (default: 10 for als, 20 for sgd)")
    static let regUser = FactorParameters.regularization(
        "reg_user", default: defaults.regUser, "ALS regularization of user biases")
    static let regItem = FactorParameters.regularization(
        "reg_item", default: defaults.regItem, "ALS regularization of item biases")
    static let learningRate = FactorParameters.learningRate(default: defaults.learningRate)
    static let reg = FactorParameters.regularization(default: defaults.reg, "SGD regularization of both biases")

    static let entry = Kind<ModelContext, any RatingModel>(
        "baseline", "global mean plus user and item biases (Surprise's BaselineOnly)",
        parameters: [method, epochs, regUser, regItem, learningRate, reg]
    ) { p, _ in
        Baseline(
            Baseline.Parameters(
                method: try p.value(method).method, epochs: try p.value(epochs), regUser: try p.value(regUser),
                regItem: try p.value(regItem), reg: try p.value(reg), learningRate: try p.value(learningRate)))
    }
}
