import MLCore

extension MatrixFactorization: OnlineModel {
    /// Biased matrix factorization learned by one SGD step per rating, as
    /// River's `BiasedMF` does: factors `lr` 0.1 and `reg` 0, biases `bias_lr`
    /// 0.05 and `bias_reg` 0, factors drawn from N(0, 0.02²), unless the
    /// `online:` section sets them (tuned on MovieLens 100k in time order, see
    /// bench/online.sh). A user or item takes part in the dot product only
    /// once it has been seen, so a new one is predicted by the biases alone.
    public func onlineLearner(
        userCount: Int, itemCount: Int, settings: OnlineSettings, seed: UInt64
    ) throws -> any OnlineLearner {
        let rate = settings.learningRate ?? OnlineDefaults.learningRate, reg = settings.reg ?? 0
        let initStd = settings.initStd ?? OnlineDefaults.initStd
        try OnlineChecks.check(rate: rate, reg: reg, initStd: initStd, kind: Self.kind)
        try require(parameters.factors >= 1, kind: Self.kind, "factors must be at least 1, got \(parameters.factors)")
        let biases = OnlineBiases(
            userCount: userCount, itemCount: itemCount,
            learningRate: settings.biasLearningRate ?? OnlineDefaults.biasLearningRate,
            reg: settings.biasReg ?? 0)
        try OnlineChecks.check(rate: biases.learningRate, reg: biases.reg, kind: Self.kind)
        return FactorsOnline(
            biases: parameters.biased ? biases : nil, factors: parameters.factors, userCount: userCount,
            itemCount: itemCount, learningRate: rate, reg: reg, initStd: initStd, seed: seed)
    }
}

/// Online biased matrix factorization: `r̂ = μ + b_u + b_i + p_u·q_i`.
struct FactorsOnline: OnlineLearner {
    var biases: OnlineBiases?
    let factors: Int
    var userFactors: [Double]
    var itemFactors: [Double]
    var seenUsers: [Bool]
    var seenItems: [Bool]
    let learningRate: Double
    let reg: Double
    /// The running mean, for a model without biases.
    var mean = 0.0
    var count = 0

    init(
        biases: OnlineBiases?, factors: Int, userCount: Int, itemCount: Int, learningRate: Double, reg: Double,
        initStd: Double, seed: UInt64
    ) {
        self.biases = biases
        self.factors = factors
        var generator = SeededGenerator(seed: seed, label: "online.factors")
        userFactors = (0..<(userCount * factors)).map { _ in generator.nextGaussian() * initStd }
        itemFactors = (0..<(itemCount * factors)).map { _ in generator.nextGaussian() * initStd }
        seenUsers = [Bool](repeating: false, count: userCount)
        seenItems = [Bool](repeating: false, count: itemCount)
        self.learningRate = learningRate
        self.reg = reg
    }

    func estimate(user: Int32, item: Int32) -> Double {
        var value = biases?.estimate(user: user, item: item) ?? mean
        guard known(user, seenUsers), known(item, seenItems) else { return value }
        let u = Int(user) * factors, i = Int(item) * factors
        userFactors.withUnsafeBufferPointer { p in
            itemFactors.withUnsafeBufferPointer { q in
                var dot = 0.0
                for f in 0..<factors { dot += p[u + f] * q[i + f] }
                value += dot
            }
        }
        return value
    }

    mutating func learn(user: Int32, item: Int32, rating: Double) {
        let error = rating - estimate(user: user, item: item)
        if biases != nil {
            biases?.learn(user: user, item: item, rating: rating, error: error)
        } else {
            count += 1
            mean += (rating - mean) / Double(count)
        }
        guard user >= 0, Int(user) < seenUsers.count, item >= 0, Int(item) < seenItems.count else { return }
        let u = Int(user) * factors, i = Int(item) * factors
        let rate = learningRate, reg = reg, factors = factors
        userFactors.withUnsafeMutableBufferPointer { p in
            itemFactors.withUnsafeMutableBufferPointer { q in
                for f in 0..<factors {
                    let pu = p[u + f], qi = q[i + f]
                    p[u + f] = pu + rate * (error * qi - reg * pu)
                    q[i + f] = qi + rate * (error * pu - reg * qi)
                }
            }
        }
        seenUsers[Int(user)] = true
        seenItems[Int(item)] = true
    }

    @inline(__always)
    private func known(_ index: Int32, _ seen: [Bool]) -> Bool {
        index >= 0 && Int(index) < seen.count && seen[Int(index)]
    }
}
