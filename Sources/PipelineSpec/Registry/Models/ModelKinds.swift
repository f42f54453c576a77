/// The model kinds, one file each beside this one.
public enum ModelKinds {
    public static let all: [KindDescriptor] = [
        globalMean, baseline, matrixFactorization, svdpp, als, knn, slopeOne, popularity, command,
    ]
}

/// Parameters shared by the factorization models.
extension ParameterDescriptor {
    static func factors(default value: Int) -> ParameterDescriptor {
        ParameterDescriptor("factors", .int, default: .int(value), bounds: .atLeastOne, tunable: true, "number of latent factors")
    }

    static func epochs(default value: Int) -> ParameterDescriptor {
        ParameterDescriptor("epochs", .int, default: .int(value), bounds: .atLeastOne, tunable: true, "passes over the training data")
    }

    static func learningRate(default value: Double) -> ParameterDescriptor {
        ParameterDescriptor("lr", .double, default: .double(value), bounds: .positive, tunable: true, "SGD learning rate")
    }

    static func regularization(_ name: String = "reg", default value: Double, _ summary: String = "L2 regularization") -> ParameterDescriptor {
        ParameterDescriptor(name, .double, default: .double(value), bounds: .nonNegative, tunable: true, summary)
    }

    static func initStd(default value: Double) -> ParameterDescriptor {
        ParameterDescriptor("init_std", .double, default: .double(value), bounds: .nonNegative, tunable: true,
                            "standard deviation of the normal initialization of factors")
    }
}
