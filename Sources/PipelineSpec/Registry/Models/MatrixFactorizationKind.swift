extension ModelKinds {
    static let matrixFactorization = KindDescriptor(
        "mf", "biased matrix factorization trained by SGD (Funk SVD)",
        parameters: [
            .factors(default: 100),
            .epochs(default: 20),
            .learningRate(default: 0.005),
            .regularization(default: 0.02),
            .initStd(default: 0.1),
            ParameterDescriptor("biased", .bool, default: .bool(true), "learn user and item biases"),
        ])
}
