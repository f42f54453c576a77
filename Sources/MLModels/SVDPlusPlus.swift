import MLCore

/// `svdpp`: SVD++ (Koren 2008) as Surprise's SVDpp: the user vector is p_u plus
/// |I_u|^(-1/2) Σ_{j ∈ I_u} y_j over the items the user rated in training.
///
/// Surprise updates every y_j after every rating, at O(|I_u| · factors) per
/// rating. Those updates are the same affine map for all j of the user, so this
/// version keeps the map (a decay and an offset) and the running implicit sum,
/// and applies the map to each y_j once per user: the same arithmetic up to
/// rounding, at O(factors) per rating.
public struct SVDPlusPlus: IterativeModel {
    public static let kind = "svdpp"

    public struct Parameters: Sendable, Hashable {
        public var factors: Int
        public var epochs: Int
        public var learningRate: Double
        public var reg: Double
        public var initMean: Double
        public var initDeviation: Double
        /// What to do when an epoch diverges.
        public var onDivergence: DivergencePolicy
        /// Optimizer, loss, schedule, batch and early stopping; other than
        /// per-rating SGD on ½e², see `SVDPlusPlusTrainer`.
        public var learning: LearningOptions

        public init(
            factors: Int = 20, epochs: Int = 20, learningRate: Double = 0.007, reg: Double = 0.02,
            initMean: Double = 0, initDeviation: Double = 0.1, onDivergence: DivergencePolicy = .fail,
            learning: LearningOptions = LearningOptions()
        ) {
            self.learning = learning
            self.onDivergence = onDivergence
            self.factors = factors
            self.epochs = epochs
            self.learningRate = learningRate
            self.reg = reg
            self.initMean = initMean
            self.initDeviation = initDeviation
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

        let index = RatingIndex(train)
        var generator = SeededGenerator(seed: seed, label: kind)
        var model = State(userCount: index.userCount, itemCount: index.itemCount, factors: p.factors)
        model.userFactors.fillNormal(mean: p.initMean, deviation: p.initDeviation, generator: &generator)
        model.itemFactors.fillNormal(mean: p.initMean, deviation: p.initDeviation, generator: &generator)
        model.implicitFactors.fillNormal(mean: p.initMean, deviation: p.initDeviation, generator: &generator)
        let values = index.userValues.map { Float($0) }

        var runner = EpochRunner(
            kind: kind, epochs: p.epochs, observer: p.learning.observer(validation: validation, then: observer))
        runner.divergence = p.onDivergence
        runner.schedule = p.learning.schedule
        guard p.learning.isClassicSGD else {
            let trainer = SVDPlusPlusTrainer(parameters: p, runner: runner, index: index, values: values, scale: scale)
            return try p.learning.optimizer.run(SVDPlusPlusTrainer.Body(trainer: trainer, initial: model))
        }
        let (losses, report) = try runner.run(
            state: &model, learningRate: p.learningRate,
            epoch: { model, rate in
                model.epoch(
                    index: index, values: values, mean: Float(index.globalMean), rate: Float(rate), reg: Float(p.reg))
            },
            isFinite: \.isFinite, likelyCause: { learningRateHint($0, default: 0.007) },
            current: { model, losses in Fitted(state: model, index: index, epochLosses: losses, scale: scale) })
        var fitted = Fitted(state: model, index: index, epochLosses: losses, scale: scale)
        fitted.trainingReport = report
        return fitted
    }

    /// Throws `invalidParameter` for a parameter out of its range.
    func validate() throws {
        let kind = Self.kind, p = parameters
        try require(p.factors > 0, kind: kind, "factors must be positive, got \(p.factors)")
        try require(p.epochs >= 0, kind: kind, "epochs must not be negative, got \(p.epochs)")
        try require(p.learningRate > 0, kind: kind, "learning rate must be positive, got \(p.learningRate)")
        try require(p.reg >= 0, kind: kind, "regularization must not be negative, got \(p.reg)")
        try requireValid(p.onDivergence, kind: kind)
        try p.learning.validate(kind: kind)
    }

    struct State: Sendable {
        var userFactors: FactorMatrix
        var itemFactors: FactorMatrix
        var implicitFactors: FactorMatrix
        var userBias: [Float]
        var itemBias: [Float]

        init(userCount: Int, itemCount: Int, factors: Int) {
            userFactors = FactorMatrix(rows: userCount, factors: factors)
            itemFactors = FactorMatrix(rows: itemCount, factors: factors)
            implicitFactors = FactorMatrix(rows: itemCount, factors: factors)
            userBias = [Float](repeating: 0, count: userCount)
            itemBias = [Float](repeating: 0, count: itemCount)
        }

        var isFinite: Bool {
            userFactors.isFinite && itemFactors.isFinite && implicitFactors.isFinite && allFinite(userBias)
                && allFinite(itemBias)
        }

        /// One pass, user by user; returns the sum of squared errors before each update.
        mutating func epoch(index: RatingIndex, values: [Float], mean: Float, rate: Float, reg: Float) -> Double {
            epoch(
                trainOffsets: index.userOffsets, trainItems: index.userItems, values: values,
                implicitOffsets: index.userOffsets, implicitItems: index.userItems, mean: mean, rate: rate, reg: reg)
        }

        /// One pass over the training rows, user by user, each user's implicit
        /// set being its own list (a fit trains on I_u itself; an update trains
        /// on new and replayed rows while I_u holds every item the user rated).
        mutating func epoch(
            trainOffsets: [Int], trainItems: [Int32], values: [Float], implicitOffsets: [Int], implicitItems: [Int32],
            mean: Float, rate: Float, reg: Float
        ) -> Double {
            let stride = userFactors.stride
            // Scratch rows: the running implicit sum, and the offset of the pending y_j update.
            var scratch = [SIMD8<Float>](repeating: .zero, count: 2 * stride)
            var loss = 0.0
            trainOffsets.withUnsafeBufferPointer { offsets in
                trainItems.withUnsafeBufferPointer { items in
                    values.withUnsafeBufferPointer { values in
                        implicitOffsets.withUnsafeBufferPointer { implicitOffsets in
                            implicitItems.withUnsafeBufferPointer { implicitItems in
                                userFactors.storage.withUnsafeMutableBufferPointer { userRows in
                                    itemFactors.storage.withUnsafeMutableBufferPointer { itemRows in
                                        implicitFactors.storage.withUnsafeMutableBufferPointer { implicitRows in
                                            userBias.withUnsafeMutableBufferPointer { userBias in
                                                itemBias.withUnsafeMutableBufferPointer { itemBias in
                                                    scratch.withUnsafeMutableBufferPointer { scratch in
                                                        guard let userBase = userRows.baseAddress,
                                                            let itemBase = itemRows.baseAddress,
                                                            let implicitBase = implicitRows.baseAddress,
                                                            let implicitSum = scratch.baseAddress
                                                        else { return }
                                                        let pendingOffset = implicitSum + stride
                                                        let rateVector = SIMD8<Float>(repeating: rate),
                                                            regVector = SIMD8<Float>(repeating: reg)
                                                        let keep = 1 - rate * reg
                                                        let keepVector = SIMD8<Float>(repeating: keep)
                                                        for u in 0..<userBias.count {
                                                            let start = offsets[u], end = offsets[u + 1]
                                                            guard end > start else { continue }
                                                            let implicitStart = implicitOffsets[u],
                                                                implicitEnd = implicitOffsets[u + 1]
                                                            let count = Float(implicitEnd - implicitStart)
                                                            let norm = 1 / count.squareRoot()
                                                            for c in 0..<stride {
                                                                implicitSum[c] = .zero; pendingOffset[c] = .zero
                                                            }
                                                            for k in implicitStart..<implicitEnd {
                                                                let y = implicitBase + Int(implicitItems[k]) * stride
                                                                for c in 0..<stride { implicitSum[c] += y[c] }
                                                            }
                                                            var pendingDecay: Float = 1
                                                            let p = userBase + u * stride
                                                            let normVector = SIMD8<Float>(repeating: norm)
                                                            for k in start..<end {
                                                                let i = Int(items[k])
                                                                let q = itemBase + i * stride
                                                                var sum = SIMD8<Float>.zero
                                                                for c in 0..<stride {
                                                                    sum += q[c] * (p[c] + implicitSum[c] * normVector)
                                                                }
                                                                let error =
                                                                    values[k] - (mean + userBias[u] + itemBias[i] + sum.sum())
                                                                loss += Double(error) * Double(error)
                                                                userBias[u] += rate * (error - reg * userBias[u])
                                                                itemBias[i] += rate * (error - reg * itemBias[i])
                                                                let errorVector = SIMD8<Float>(repeating: error)
                                                                // What each y_j of the user gains from this rating: rate · error · q_i / √|I_u|.
                                                                let gainScale = SIMD8<Float>(repeating: rate * error * norm)
                                                                let countVector = SIMD8<Float>(repeating: count)
                                                                for c in 0..<stride {
                                                                    let pc = p[c], qc = q[c]
                                                                    let implicit = implicitSum[c] * normVector
                                                                    p[c] = pc + rateVector * (errorVector * qc - regVector * pc)
                                                                    q[c] =
                                                                        qc + rateVector
                                                                        * (errorVector * (pc + implicit) - regVector * qc)
                                                                    let gain = gainScale * qc
                                                                    pendingOffset[c] = keepVector * pendingOffset[c] + gain
                                                                    implicitSum[c] =
                                                                        keepVector * implicitSum[c] + countVector * gain
                                                                }
                                                                pendingDecay *= keep
                                                            }
                                                            let decayVector = SIMD8<Float>(repeating: pendingDecay)
                                                            for k in implicitStart..<implicitEnd {
                                                                let y = implicitBase + Int(implicitItems[k]) * stride
                                                                for c in 0..<stride {
                                                                    y[c] = decayVector * y[c] + pendingOffset[c]
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
                        }
                    }
                }
            }
            return loss
        }
    }

    public struct Fitted: PointPredictor {
        public let mean: Double
        /// The learned parameters, kept for saving and updating.
        let state: State
        /// Each user's implicit set I_u (the items rated in training), as offsets into `implicitItems`.
        let implicitOffsets: [Int]
        let implicitItems: [Int32]
        /// p_u plus the user's implicit feedback term, ready for prediction.
        let userVectors: FactorMatrix
        let knownUsers: KnownIndices
        let knownItems: KnownIndices
        public let epochLosses: [Double]
        public let scale: ClosedRange<Double>
        public internal(set) var trainingReport = TrainingReport()

        public var userBias: [Float] { state.userBias }
        public var itemBias: [Float] { state.itemBias }
        var itemFactors: FactorMatrix { state.itemFactors }

        init(state: State, index: RatingIndex, epochLosses: [Double], scale: ClosedRange<Double>) {
            self.init(
                state: state, mean: index.globalMean, implicitOffsets: index.userOffsets, implicitItems: index.userItems,
                knownItems: KnownIndices(offsets: index.itemOffsets), epochLosses: epochLosses, scale: scale)
        }

        init(
            state: State, mean: Double, implicitOffsets: [Int], implicitItems: [Int32], knownItems: KnownIndices,
            epochLosses: [Double], scale: ClosedRange<Double>
        ) {
            var vectors = state.userFactors
            let stride = vectors.stride
            for u in 0..<(implicitOffsets.count - 1) {
                let start = implicitOffsets[u], end = implicitOffsets[u + 1]
                guard end > start else { continue }
                var sum = [SIMD8<Float>](repeating: .zero, count: stride)
                for k in start..<end {
                    let j = Int(implicitItems[k])
                    for c in 0..<stride { sum[c] += state.implicitFactors.storage[j * stride + c] }
                }
                let norm = SIMD8<Float>(repeating: 1 / Float(end - start).squareRoot())
                for c in 0..<stride { vectors.storage[u * stride + c] += sum[c] * norm }
            }
            self.mean = mean
            self.state = state
            self.implicitOffsets = implicitOffsets
            self.implicitItems = implicitItems
            userVectors = vectors
            knownUsers = KnownIndices(offsets: implicitOffsets)
            self.knownItems = knownItems
            self.epochLosses = epochLosses
            self.scale = scale
        }

        public func estimate(user: Int32, item: Int32) -> (value: Double, fallback: PredictionFallback) {
            var fallback: PredictionFallback = []
            let userKnown = knownUsers.contains(user), itemKnown = knownItems.contains(item)
            var value = mean
            if userKnown { value += Double(userBias[Int(user)]) } else { fallback.insert(.unknownUser) }
            if itemKnown { value += Double(itemBias[Int(item)]) } else { fallback.insert(.unknownItem) }
            if userKnown && itemKnown {
                let stride = userVectors.stride, u = Int(user), i = Int(item)
                var sum = SIMD8<Float>.zero
                userVectors.storage.withUnsafeBufferPointer { p in
                    itemFactors.storage.withUnsafeBufferPointer { q in
                        for c in 0..<stride { sum += p[u * stride + c] * q[i * stride + c] }
                    }
                }
                value += Double(sum.sum())
            }
            return (value, fallback)
        }
    }
}

extension SVDPlusPlus: ValidatedModel {
    public var readsValidation: Bool { parameters.learning.earlyStopping != nil }

    public func validated(by validation: RatingSet) -> SVDPlusPlus {
        var model = self
        model.validation = validation
        return model
    }
}
