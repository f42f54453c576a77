import MLCore

extension SVDPlusPlus: OnlineModel {
    /// SVD++ learned by one SGD step per rating: the implicit feedback of a
    /// user is the items they rated before this rating. Step sizes and
    /// starting factors as `mf` online (factors `lr` 0.1, `reg` 0; biases 0.05
    /// and 0; factors from N(0, 0.02²); unless set).
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
        var generator = SeededGenerator(seed: seed, label: "online.implicit")
        let implicit = (0..<(itemCount * parameters.factors)).map { _ in generator.nextGaussian() * initStd }
        return ImplicitFactorsOnline(
            base: FactorsOnline(
                biases: biases, factors: parameters.factors, userCount: userCount, itemCount: itemCount,
                learningRate: rate, reg: reg, initStd: initStd, seed: seed),
            implicit: implicit, rated: [[Int32]](repeating: [], count: userCount))
    }
}

/// Online SVD++: `r̂ = μ + b_u + b_i + q_i·(p_u + |N(u)|^-½ Σ_{j∈N(u)} y_j)`.
struct ImplicitFactorsOnline: OnlineLearner {
    var base: FactorsOnline
    var implicit: [Double]
    /// The items each user rated so far, in the order rated.
    var rated: [[Int32]]

    func estimate(user: Int32, item: Int32) -> Double {
        let value = base.biases?.estimate(user: user, item: item) ?? base.mean
        guard user >= 0, Int(user) < rated.count, item >= 0, Int(item) < base.seenItems.count, base.seenItems[Int(item)]
        else { return value }
        let vector = userVector(user)
        let i = Int(item) * base.factors
        var dot = 0.0
        for f in 0..<base.factors { dot += vector[f] * base.itemFactors[i + f] }
        return value + dot
    }

    /// `p_u + |N(u)|^-½ Σ y_j` (just `p_u` for a user who rated nothing yet, and
    /// zero for a user never seen).
    private func userVector(_ user: Int32) -> [Double] {
        let factors = base.factors, u = Int(user) * factors
        var vector = [Double](repeating: 0, count: factors)
        if base.seenUsers[Int(user)] {
            for f in 0..<factors { vector[f] = base.userFactors[u + f] }
        }
        let items = rated[Int(user)]
        guard !items.isEmpty else { return vector }
        let norm = 1 / Double(items.count).squareRoot()
        for item in items {
            let j = Int(item) * factors
            for f in 0..<factors { vector[f] += norm * implicit[j + f] }
        }
        return vector
    }

    mutating func learn(user: Int32, item: Int32, rating: Double) {
        guard user >= 0, Int(user) < rated.count, item >= 0, Int(item) < base.seenItems.count else {
            base.learn(user: user, item: item, rating: rating)
            return
        }
        let error = rating - estimate(user: user, item: item)
        let factors = base.factors, rate = base.learningRate, reg = base.reg
        let u = Int(user) * factors, i = Int(item) * factors
        let vector = userVector(user)
        base.biases?.learn(user: user, item: item, rating: rating, error: error)
        let items = rated[Int(user)]
        let norm = items.isEmpty ? 0 : 1 / Double(items.count).squareRoot()
        // The implicit factors move with the item's factors before those change.
        for other in items {
            let j = Int(other) * factors
            for f in 0..<factors {
                implicit[j + f] += rate * (error * norm * base.itemFactors[i + f] - reg * implicit[j + f])
            }
        }
        for f in 0..<factors {
            let pu = base.userFactors[u + f], qi = base.itemFactors[i + f]
            base.userFactors[u + f] = pu + rate * (error * qi - reg * pu)
            base.itemFactors[i + f] = qi + rate * (error * vector[f] - reg * qi)
        }
        base.seenUsers[Int(user)] = true
        base.seenItems[Int(item)] = true
        rated[Int(user)].append(item)
    }
}
