extension ModelKinds {
    static let baseline = KindDescriptor(
        "baseline", "global mean plus user and item biases (Surprise's BaselineOnly)",
        parameters: [
            ParameterDescriptor("method", .choice(["als", "sgd"]), default: .string("als"), "how the biases are fitted"),
            ParameterDescriptor("epochs", .int, bounds: .atLeastOne, tunable: true,
                                "passes over the training data (default: 10 for als, 20 for sgd)"),
            .regularization("reg_user", default: 15, "ALS regularization of user biases"),
            .regularization("reg_item", default: 10, "ALS regularization of item biases"),
            .learningRate(default: 0.005),
            .regularization(default: 0.02, "SGD regularization of both biases"),
        ])
}
