import MLCore

/// `mf`: biased matrix factorization trained by SGD (Funk SVD), as Surprise's SVD:
/// r̂ = μ + b_u + b_i + q_i·p_u.
public struct MatrixFactorization: RatingModel {
    public static let kind = "mf"

    public struct Parameters: Sendable, Hashable {
        public var factors: Int
        public var epochs: Int
        public var learningRate: Double
        public var reg: Double
        /// Whether to learn the mean and biases; false gives plain r̂ = q_i·p_u.
        public var biased: Bool
        public var initMean: Double
        public var initDeviation: Double
        /// The order of the SGD updates in each epoch.
        public var order: TrainingOrder

        public init(factors: Int = 100, epochs: Int = 20, learningRate: Double = 0.005, reg: Double = 0.02,
                    biased: Bool = true, initMean: Double = 0, initDeviation: Double = 0.1,
                    order: TrainingOrder = .byUser) {
            self.factors = factors
            self.epochs = epochs
            self.learningRate = learningRate
            self.reg = reg
            self.biased = biased
            self.initMean = initMean
            self.initDeviation = initDeviation
            self.order = order
        }
    }

    public var parameters: Parameters

    public init(_ parameters: Parameters = Parameters()) { self.parameters = parameters }

    public func fit(train: RatingSet, scale: ClosedRange<Double>, seed: UInt64) throws -> Fitted {
        let kind = Self.kind, p = parameters
        try validateTraining(train, scale: scale, kind: kind)
        try require(p.factors > 0, kind: kind, "factors must be positive, got \(p.factors)")
        try require(p.epochs >= 0, kind: kind, "epochs must not be negative, got \(p.epochs)")
        try require(p.learningRate > 0, kind: kind, "learning rate must be positive, got \(p.learningRate)")
        try require(p.reg >= 0, kind: kind, "regularization must not be negative, got \(p.reg)")

        var generator = SeededGenerator(seed: seed, label: kind)
        var userFactors = FactorMatrix(rows: train.userCount, factors: p.factors)
        var itemFactors = FactorMatrix(rows: train.itemCount, factors: p.factors)
        userFactors.fillNormal(mean: p.initMean, deviation: p.initDeviation, generator: &generator)
        itemFactors.fillNormal(mean: p.initMean, deviation: p.initDeviation, generator: &generator)
        var userBias = [Float](repeating: 0, count: train.userCount)
        var itemBias = [Float](repeating: 0, count: train.itemCount)
        var userCounts = [Int32](repeating: 0, count: train.userCount)
        var itemCounts = [Int32](repeating: 0, count: train.itemCount)
        var sum = 0.0
        for row in 0..<train.count {
            userCounts[Int(train.users[row])] += 1
            itemCounts[Int(train.items[row])] += 1
            sum += train.values[row]
        }
        let globalMean = sum / Double(train.count)
        let mean = p.biased ? globalMean : 0
        let (users, items, values) = visitOrder(train, p.order)

        var losses: [Double] = []
        losses.reserveCapacity(p.epochs)
        for epoch in 0..<p.epochs {
            let loss = Self.epoch(users: users, items: items, values: values,
                                  userFactors: &userFactors, itemFactors: &itemFactors,
                                  userBias: &userBias, itemBias: &itemBias,
                                  mean: Float(mean), rate: Float(p.learningRate), reg: Float(p.reg), biased: p.biased)
            losses.append(loss)
            let finite = userFactors.isFinite && itemFactors.isFinite
            try checkConvergence(loss: finite ? loss : .nan, parameters: [userBias, itemBias], kind: kind,
                                 epoch: epoch + 1, epochs: p.epochs,
                                 likelyCause: learningRateHint(p.learningRate, default: 0.005))
        }
        return Fitted(mean: globalMean, biased: p.biased, userFactors: userFactors, itemFactors: itemFactors,
                      userBias: userBias, itemBias: itemBias,
                      knownUsers: KnownIndices(counts: userCounts), knownItems: KnownIndices(counts: itemCounts),
                      epochLosses: losses, scale: scale)
    }

    /// One SGD pass in the given order; returns the sum of squared errors
    /// seen before each update.
    private static func epoch(users: [Int32], items: [Int32], values: [Float],
                              userFactors: inout FactorMatrix, itemFactors: inout FactorMatrix,
                              userBias: inout [Float], itemBias: inout [Float],
                              mean: Float, rate: Float, reg: Float, biased: Bool) -> Double {
        let stride = userFactors.stride
        var loss = 0.0
        users.withUnsafeBufferPointer { users in
        items.withUnsafeBufferPointer { items in
        values.withUnsafeBufferPointer { values in
        userFactors.storage.withUnsafeMutableBufferPointer { userRows in
        itemFactors.storage.withUnsafeMutableBufferPointer { itemRows in
        userBias.withUnsafeMutableBufferPointer { userBias in
        itemBias.withUnsafeMutableBufferPointer { itemBias in
            guard let userBase = userRows.baseAddress, let itemBase = itemRows.baseAddress else { return }
            // p + rate (error q - reg p) computed as keep p + (rate error) q: fewer operations per lane.
            let keep = SIMD8<Float>(repeating: 1 - rate * reg)
            for row in 0..<values.count {
                let u = Int(users[row]), i = Int(items[row])
                let p = userBase + u * stride, q = itemBase + i * stride
                var estimate = dot(p, q, stride: stride)
                if biased { estimate += mean + userBias[u] + itemBias[i] }
                let error = values[row] - estimate
                loss += Double(error) * Double(error)
                if biased {
                    userBias[u] += rate * (error - reg * userBias[u])
                    itemBias[i] += rate * (error - reg * itemBias[i])
                }
                let step = SIMD8<Float>(repeating: rate * error)
                for c in 0..<stride {
                    let pc = p[c], qc = q[c]
                    p[c] = keep * pc + step * qc
                    q[c] = keep * qc + step * pc
                }
            }
        }}}}}}}
        return loss
    }

    public struct Fitted: PointPredictor {
        public let mean: Double
        public let biased: Bool
        let userFactors: FactorMatrix
        let itemFactors: FactorMatrix
        public let userBias: [Float]
        public let itemBias: [Float]
        let knownUsers: KnownIndices
        let knownItems: KnownIndices
        /// Sum of squared training errors in each epoch, for convergence checks.
        public let epochLosses: [Double]
        public let scale: ClosedRange<Double>

        public func userFactors(_ user: Int) -> [Float] { userFactors.row(user) }
        public func itemFactors(_ item: Int) -> [Float] { itemFactors.row(item) }

        public func estimate(user: Int32, item: Int32) -> (value: Double, fallback: PredictionFallback) {
            var fallback: PredictionFallback = []
            let userKnown = knownUsers.contains(user), itemKnown = knownItems.contains(item)
            if !userKnown { fallback.insert(.unknownUser) }
            if !itemKnown { fallback.insert(.unknownItem) }
            // Without biases the global mean is the only sensible answer for an unknown side.
            if !biased && !fallback.isEmpty { return (mean, fallback) }
            var value = biased ? mean : 0
            if biased {
                if userKnown { value += Double(userBias[Int(user)]) }
                if itemKnown { value += Double(itemBias[Int(item)]) }
            }
            if userKnown && itemKnown {
                value += Double(factorDot(user: Int(user), item: Int(item)))
            }
            return (value, fallback)
        }

        @inline(__always)
        private func factorDot(user: Int, item: Int) -> Float {
            let stride = userFactors.stride
            var sum = SIMD8<Float>.zero
            userFactors.storage.withUnsafeBufferPointer { p in
            itemFactors.storage.withUnsafeBufferPointer { q in
                for c in 0..<stride { sum += p[user * stride + c] * q[item * stride + c] }
            }}
            return sum.sum()
        }
    }
}

/// The order in which SGD visits the training ratings in every epoch.
public enum TrainingOrder: String, Sendable, Hashable, CaseIterable {
    /// User by user (users by index, each user's ratings in the training set's
    /// order), as Surprise does; slightly more accurate on MovieLens.
    case byUser = "by-user"
    /// The training set's own order.
    case asGiven = "as-given"
}

/// The training columns in the visiting order, values as Float.
func visitOrder(_ train: RatingSet, _ order: TrainingOrder) -> (users: [Int32], items: [Int32], values: [Float]) {
    switch order {
    case .asGiven:
        return (train.users, train.items, train.values.map { Float($0) })
    case .byUser:
        var next = [Int](repeating: 0, count: train.userCount + 1)
        for user in train.users { next[Int(user) + 1] += 1 }
        for user in 0..<train.userCount { next[user + 1] += next[user] }
        var users = [Int32](repeating: 0, count: train.count), items = users
        var values = [Float](repeating: 0, count: train.count)
        for row in 0..<train.count {
            let user = Int(train.users[row])
            let slot = next[user]
            next[user] += 1
            users[slot] = train.users[row]
            items[slot] = train.items[row]
            values[slot] = Float(train.values[row])
        }
        return (users, items, values)
    }
}
