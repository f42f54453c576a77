extension Baseline: OnlineModel {
    /// Biases learned by SGD from each rating (`bias_lr` 0.05 and `bias_reg` 0
    /// unless set; tuned on MovieLens 100k in time order, see bench/online.sh);
    /// new users and items start at 0.
    public func onlineLearner(
        userCount: Int, itemCount: Int, settings: OnlineSettings, seed: UInt64
    ) throws -> any OnlineLearner {
        let rate = settings.biasLearningRate ?? settings.learningRate ?? OnlineDefaults.biasLearningRate
        let reg = settings.biasReg ?? settings.reg ?? 0
        try OnlineChecks.check(rate: rate, reg: reg, kind: Self.kind)
        return BaselineOnline(biases: OnlineBiases(userCount: userCount, itemCount: itemCount, learningRate: rate, reg: reg))
    }
}

struct BaselineOnline: OnlineLearner {
    var biases: OnlineBiases

    func estimate(user: Int32, item: Int32) -> Double { biases.estimate(user: user, item: item) }

    mutating func learn(user: Int32, item: Int32, rating: Double) {
        biases.learn(user: user, item: item, rating: rating, error: rating - biases.estimate(user: user, item: item))
    }
}

/// The checks every online kind makes of its settings.
enum OnlineChecks {
    static func check(rate: Double, reg: Double, initStd: Double = 0, kind: String) throws {
        try require(rate.isFinite && rate > 0, kind: kind, "the online learning rate must be positive, got \(rate)")
        try require(reg.isFinite && reg >= 0, kind: kind, "the online regularisation must not be negative, got \(reg)")
        try require(initStd.isFinite && initStd >= 0, kind: kind, "the online init_std must not be negative, got \(initStd)")
    }
}
