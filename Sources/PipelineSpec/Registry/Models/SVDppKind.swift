extension ModelKinds {
    static let svdpp = KindDescriptor(
        "svdpp", "SVD++: matrix factorization with implicit feedback from which items a user rated",
        parameters: [
            .factors(default: 20),
            .epochs(default: 20),
            .learningRate(default: 0.007),
            .regularization(default: 0.02),
            .initStd(default: 0.1),
        ])
}
