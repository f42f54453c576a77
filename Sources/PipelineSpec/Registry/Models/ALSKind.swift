extension ModelKinds {
    static let als = KindDescriptor(
        "als", "biased matrix factorization by alternating least squares",
        parameters: [
            .factors(default: 50),
            .epochs(default: 15),
            .regularization(default: 0.1),
            .initStd(default: 0.1),
        ])
}
