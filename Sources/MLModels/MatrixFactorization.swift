import Dispatch
import MLCore

/// `mf`: biased matrix factorization trained by SGD (Funk SVD), as Surprise's SVD:
/// r̂ = μ + b_u + b_i + q_i·p_u.
public struct MatrixFactorization: IterativeModel {
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
        /// Users and items are each cut into this many groups (by index modulo), and
        /// an epoch runs the strata² blocks in `strata` rounds of `strata` parallel
        /// blocks that share no user or item. Results depend on this value, never on
        /// scheduling; 1 is plain sequential SGD.
        public var strata: Int
        /// What to do when an epoch diverges.
        public var onDivergence: DivergencePolicy
        /// Optimizer, loss, schedule, batch and early stopping; other than
        /// per-rating SGD on ½e², updates run sequentially in visiting order
        /// (`strata` is then ignored).
        public var learning: LearningOptions

        public init(
            factors: Int = 100, epochs: Int = 20, learningRate: Double = 0.005, reg: Double = 0.02,
            biased: Bool = true, initMean: Double = 0, initDeviation: Double = 0.1,
            order: TrainingOrder = .byUser, strata: Int = 2, onDivergence: DivergencePolicy = .fail,
            learning: LearningOptions = LearningOptions()
        ) {
            self.onDivergence = onDivergence
            self.learning = learning
            self.factors = factors
            self.epochs = epochs
            self.learningRate = learningRate
            self.reg = reg
            self.biased = biased
            self.initMean = initMean
            self.initDeviation = initDeviation
            self.order = order
            self.strata = strata
        }
    }

    public var parameters: Parameters
    /// Validation rows for early stopping, in the training set's index spaces.
    public var validation: RatingSet?

    public init(_ parameters: Parameters = Parameters()) { self.parameters = parameters }

    public func fit(train: RatingSet, scale: ClosedRange<Double>, seed: UInt64) throws -> Fitted {
        try fit(train: train, scale: scale, seed: seed, observer: nil)
    }

    public func fit(train: RatingSet, scale: ClosedRange<Double>, seed: UInt64, observer: EpochObserver?) throws -> Fitted {
        let kind = Self.kind, p = parameters
        try validateTraining(train, scale: scale, kind: kind)
        try validate()

        var generator = SeededGenerator(seed: seed, label: kind)
        var state = State(userCount: train.userCount, itemCount: train.itemCount, factors: p.factors)
        state.userFactors.fillNormal(mean: p.initMean, deviation: p.initDeviation, generator: &generator)
        state.itemFactors.fillNormal(mean: p.initMean, deviation: p.initDeviation, generator: &generator)
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

        let knownUsers = KnownIndices(counts: userCounts), knownItems = KnownIndices(counts: itemCounts)
        var runner = EpochRunner(
            kind: kind, epochs: p.epochs, observer: p.learning.observer(validation: validation, then: observer))
        runner.divergence = p.onDivergence
        runner.schedule = p.learning.schedule
        guard p.learning.isClassicSGD else {
            let trainer = MatrixFactorizationTrainer(
                parameters: p, runner: runner, users: users, items: items, values: values, mean: mean,
                globalMean: globalMean, knownUsers: knownUsers, knownItems: knownItems, scale: scale)
            return try p.learning.optimizer.run(trainer.with(state))
        }
        let blocks = StratifiedBlocks(users: users, items: items, values: values, strata: p.strata)
        let (losses, report) = try runner.run(
            state: &state, learningRate: p.learningRate,
            epoch: { state, rate in
                Self.epoch(
                    blocks: blocks, userFactors: &state.userFactors, itemFactors: &state.itemFactors,
                    userBias: &state.userBias, itemBias: &state.itemBias,
                    mean: Float(mean), rate: Float(rate), reg: Float(p.reg), biased: p.biased)
            },
            isFinite: \.isFinite, likelyCause: { learningRateHint($0, default: 0.005) },
            current: { state, losses in
                Fitted(
                    mean: globalMean, biased: p.biased, state: state, knownUsers: knownUsers, knownItems: knownItems,
                    epochLosses: losses, scale: scale)
            })
        return Fitted(
            mean: globalMean, biased: p.biased, state: state, knownUsers: knownUsers, knownItems: knownItems,
            epochLosses: losses, scale: scale, trainingReport: report)
    }

    /// Throws `invalidParameter` for a parameter out of its range.
    func validate() throws {
        let kind = Self.kind, p = parameters
        try require(p.factors > 0, kind: kind, "factors must be positive, got \(p.factors)")
        try require(p.epochs >= 0, kind: kind, "epochs must not be negative, got \(p.epochs)")
        try require(p.learningRate > 0, kind: kind, "learning rate must be positive, got \(p.learningRate)")
        try require(p.reg >= 0, kind: kind, "regularization must not be negative, got \(p.reg)")
        try require(p.strata >= 1, kind: kind, "strata must be at least 1, got \(p.strata)")
        try requireValid(p.onDivergence, kind: kind)
        try p.learning.validate(kind: kind)
    }

    /// The learned parameters: factors and biases of every user and item.
    struct State: Sendable {
        var userFactors: FactorMatrix
        var itemFactors: FactorMatrix
        var userBias: [Float]
        var itemBias: [Float]

        init(userCount: Int, itemCount: Int, factors: Int) {
            userFactors = FactorMatrix(rows: userCount, factors: factors)
            itemFactors = FactorMatrix(rows: itemCount, factors: factors)
            userBias = [Float](repeating: 0, count: userCount)
            itemBias = [Float](repeating: 0, count: itemCount)
        }

        var isFinite: Bool {
            userFactors.isFinite && itemFactors.isFinite && allFinite(userBias) && allFinite(itemBias)
        }
    }

    /// One SGD pass: `strata` rounds, each running `strata` blocks that share no
    /// user and no item in parallel. Returns the sum of squared errors seen
    /// before each update, added in a fixed order.
    static func epoch(
        blocks: StratifiedBlocks,
        userFactors: inout FactorMatrix, itemFactors: inout FactorMatrix,
        userBias: inout [Float], itemBias: inout [Float],
        mean: Float, rate: Float, reg: Float, biased: Bool
    ) -> Double {
        let stride = userFactors.stride, strata = blocks.strata
        var blockLosses = [Double](repeating: 0, count: strata * strata)
        blocks.users.withUnsafeBufferPointer { users in
            blocks.items.withUnsafeBufferPointer { items in
                blocks.values.withUnsafeBufferPointer { values in
                    userFactors.storage.withUnsafeMutableBufferPointer { userRows in
                        itemFactors.storage.withUnsafeMutableBufferPointer { itemRows in
                            userBias.withUnsafeMutableBufferPointer { userBias in
                                itemBias.withUnsafeMutableBufferPointer { itemBias in
                                    blockLosses.withUnsafeMutableBufferPointer { blockLosses in
                                        guard let users = users.baseAddress, let items = items.baseAddress,
                                            let values = values.baseAddress,
                                            let userRows = userRows.baseAddress, let itemRows = itemRows.baseAddress,
                                            let userBias = userBias.baseAddress, let itemBias = itemBias.baseAddress,
                                            let blockLosses = blockLosses.baseAddress
                                        else { return }
                                        let kernel = SGDKernel(
                                            users: users, items: items, values: values, userRows: userRows, itemRows: itemRows,
                                            userBias: userBias, itemBias: itemBias, stride: stride,
                                            mean: mean, rate: rate, reg: reg, biased: biased)
                                        let losses = BlockLosses(base: blockLosses)
                                        for round in 0..<strata {
                                            let run: @Sendable (Int) -> Void = { userGroup in
                                                let block = userGroup * strata + (userGroup + round) % strata
                                                losses.base[block] = kernel.run(
                                                    rows: blocks.offsets[block]..<blocks.offsets[block + 1])
                                            }
                                            if strata == 1 {
                                                run(0)
                                            } else {
                                                DispatchQueue.concurrentPerform(iterations: strata, execute: run)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return blockLosses.reduce(0, +)
    }

    public struct Fitted: PointPredictor {
        public let mean: Double
        public let biased: Bool
        let state: State
        let knownUsers: KnownIndices
        let knownItems: KnownIndices
        /// Sum of squared training errors in each epoch, for convergence checks.
        public let epochLosses: [Double]
        public let scale: ClosedRange<Double>
        public internal(set) var trainingReport = TrainingReport()

        public var userBias: [Float] { state.userBias }
        public var itemBias: [Float] { state.itemBias }
        public func userFactors(_ user: Int) -> [Float] { state.userFactors.row(user) }
        public func itemFactors(_ item: Int) -> [Float] { state.itemFactors.row(item) }

        public func estimate(user: Int32, item: Int32) -> (value: Double, fallback: PredictionFallback) {
            var fallback: PredictionFallback = []
            let userKnown = knownUsers.contains(user), itemKnown = knownItems.contains(item)
            if !userKnown { fallback.insert(.unknownUser) }
            if !itemKnown { fallback.insert(.unknownItem) }
            // Without biases the global mean is the only sensible answer for an unknown side.
            if !biased && !fallback.isEmpty { return (mean, fallback) }
            var value = biased ? mean : 0
            if biased {
                if userKnown { value += Double(state.userBias[Int(user)]) }
                if itemKnown { value += Double(state.itemBias[Int(item)]) }
            }
            if userKnown && itemKnown {
                value += Double(factorDot(user: Int(user), item: Int(item)))
            }
            return (value, fallback)
        }

        @inline(__always)
        private func factorDot(user: Int, item: Int) -> Float {
            let stride = state.userFactors.stride
            var sum = SIMD8<Float>.zero
            state.userFactors.storage.withUnsafeBufferPointer { p in
                state.itemFactors.storage.withUnsafeBufferPointer { q in
                    for c in 0..<stride { sum += p[user * stride + c] * q[item * stride + c] }
                }
            }
            return sum.sum()
        }
    }
}

extension MatrixFactorization: ValidatedModel {
    public var readsValidation: Bool { parameters.learning.earlyStopping != nil }

    public func validated(by validation: RatingSet) -> MatrixFactorization {
        var model = self
        model.validation = validation
        return model
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
