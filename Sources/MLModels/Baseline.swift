import MLCore

/// `baseline`: global mean plus a user bias and an item bias, as Surprise's
/// BaselineOnly. The biases come from alternating least squares (default) or SGD.
public struct Baseline: IterativeModel {
    public static let kind = "baseline"

    public enum Method: String, Sendable, Hashable, CaseIterable {
        case als, sgd
    }

    public struct Parameters: Sendable, Hashable {
        public var method: Method
        /// Passes over the data; nil means the method's default (ALS 10, SGD 20).
        public var epochs: Int?
        /// ALS: regularization of the user biases.
        public var regUser: Double
        /// ALS: regularization of the item biases.
        public var regItem: Double
        /// SGD: regularization of both biases.
        public var reg: Double
        /// SGD: step size.
        public var learningRate: Double
        /// SGD: what to do when an epoch diverges (ALS always fails).
        public var onDivergence: DivergencePolicy

        public init(
            method: Method = .als, epochs: Int? = nil, regUser: Double = 15, regItem: Double = 10,
            reg: Double = 0.02, learningRate: Double = 0.005, onDivergence: DivergencePolicy = .fail
        ) {
            self.onDivergence = onDivergence
            self.method = method
            self.epochs = epochs
            self.regUser = regUser
            self.regItem = regItem
            self.reg = reg
            self.learningRate = learningRate
        }

        public var effectiveEpochs: Int { epochs ?? (method == .als ? 10 : 20) }
    }

    public var parameters: Parameters

    public init(_ parameters: Parameters = Parameters()) { self.parameters = parameters }

    public func fit(train: RatingSet, scale: ClosedRange<Double>, seed: UInt64) throws -> Fitted {
        try fit(train: train, scale: scale, seed: seed, observer: nil)
    }

    /// Both methods are iterative: each ALS sweep or SGD pass is an epoch.
    public func fit(train: RatingSet, scale: ClosedRange<Double>, seed: UInt64, observer: EpochObserver?) throws -> Fitted {
        try validateTraining(train, scale: scale, kind: Self.kind)
        let index = RatingIndex(train)
        var report = TrainingReport()
        let biases = try BaselineBiases(
            index: index, parameters: parameters, kind: Self.kind, observer: observer, report: &report,
            current: { Fitted(biases: $0, index: index, scale: scale) })
        var fitted = Fitted(biases: biases, index: index, scale: scale)
        fitted.trainingReport = report
        return fitted
    }

    public struct Fitted: PointPredictor {
        let biases: BaselineBiases
        let knownUsers: KnownIndices
        let knownItems: KnownIndices
        public let scale: ClosedRange<Double>
        public internal(set) var trainingReport = TrainingReport()

        init(biases: BaselineBiases, knownUsers: KnownIndices, knownItems: KnownIndices, scale: ClosedRange<Double>) {
            self.biases = biases
            self.knownUsers = knownUsers
            self.knownItems = knownItems
            self.scale = scale
        }

        init(biases: BaselineBiases, index: RatingIndex, scale: ClosedRange<Double>) {
            self.init(
                biases: biases, knownUsers: KnownIndices(offsets: index.userOffsets),
                knownItems: KnownIndices(offsets: index.itemOffsets), scale: scale)
        }

        public var globalMean: Double { biases.globalMean }
        public var userBiases: [Double] { biases.user }
        public var itemBiases: [Double] { biases.item }

        public func estimate(user: Int32, item: Int32) -> (value: Double, fallback: PredictionFallback) {
            let userKnown = knownUsers.contains(user), itemKnown = knownItems.contains(item)
            var value = biases.globalMean, fallback: PredictionFallback = []
            if userKnown { value += biases.user[Int(user)] } else { fallback.insert(.unknownUser) }
            if itemKnown { value += biases.item[Int(item)] } else { fallback.insert(.unknownItem) }
            return (value, fallback)
        }
    }
}

/// User and item biases around the global mean; also the baseline of KNNBaseline
/// and of the pearson-baseline similarity.
struct BaselineBiases: Sendable {
    var globalMean: Double
    var user: [Double]
    var item: [Double]

    init(globalMean: Double, user: [Double], item: [Double]) {
        self.globalMean = globalMean
        self.user = user
        self.item = item
    }

    /// Fits the biases without watching or reporting (the baseline of knn).
    init(index: RatingIndex, parameters: Baseline.Parameters, kind: String) throws {
        var report = TrainingReport()
        try self.init(index: index, parameters: parameters, kind: kind, report: &report)
    }

    /// Fits the biases; `observer` sees `current(biases)` after each epoch.
    init(
        index: RatingIndex, parameters: Baseline.Parameters, kind: String, observer: EpochObserver? = nil,
        report: inout TrainingReport,
        current: (BaselineBiases) -> any RatingPredictor = { _ in GlobalMean.Fitted(mean: 0, scale: 0...0) }
    ) throws {
        let epochs = parameters.effectiveEpochs
        try require(epochs >= 0, kind: kind, "epochs must not be negative, got \(epochs)")
        globalMean = index.globalMean
        user = [Double](repeating: 0, count: index.userCount)
        item = [Double](repeating: 0, count: index.itemCount)
        var runner = EpochRunner(kind: kind, epochs: epochs, observer: observer)
        let finite: (BaselineBiases) -> Bool = { allFinite($0.user) && allFinite($0.item) }
        switch parameters.method {
        case .als:
            try require(
                parameters.regUser >= 0 && parameters.regItem >= 0, kind: kind,
                "regularization must not be negative, got reg_user \(parameters.regUser), reg_item \(parameters.regItem)")
            _ = try runner.run(
                state: &self, epoch: { $0.epochALS(index: index, parameters: parameters) }, isFinite: finite,
                likelyCause: "regularization reg_user \(parameters.regUser), reg_item \(parameters.regItem) is likely too small",
                current: { biases, _ in current(biases) })
        case .sgd:
            try require(parameters.learningRate > 0, kind: kind, "learning rate must be positive, got \(parameters.learningRate)")
            try require(parameters.reg >= 0, kind: kind, "regularization must not be negative, got \(parameters.reg)")
            try requireValid(parameters.onDivergence, kind: kind)
            runner.divergence = parameters.onDivergence
            report = try runner.run(
                state: &self, learningRate: parameters.learningRate,
                epoch: { $0.epochSGD(index: index, rate: $1, reg: parameters.reg) }, isFinite: finite,
                likelyCause: { learningRateHint($0, default: 0.005) },
                current: { biases, _ in current(biases) }
            ).report
        }
    }

    /// Surprise's ALS: item biases from the current user biases, then user biases
    /// from the new item biases, each a ridge-regularized mean deviation.
    /// One sweep; returns 0, as the sweep computes no training loss.
    private mutating func epochALS(index: RatingIndex, parameters: Baseline.Parameters) -> Double {
        let mean = globalMean
        index.itemOffsets.withUnsafeBufferPointer { offsets in
            index.itemUsers.withUnsafeBufferPointer { users in
                index.itemValues.withUnsafeBufferPointer { values in
                    user.withUnsafeBufferPointer { userBias in
                        item.withUnsafeMutableBufferPointer { itemBias in
                            for i in 0..<itemBias.count {
                                var deviation = 0.0
                                for k in offsets[i]..<offsets[i + 1] {
                                    deviation += values[k] - mean - userBias[Int(users[k])]
                                }
                                itemBias[i] = deviation / (parameters.regItem + Double(offsets[i + 1] - offsets[i]))
                            }
                        }
                    }
                }
            }
        }
        index.userOffsets.withUnsafeBufferPointer { offsets in
            index.userItems.withUnsafeBufferPointer { items in
                index.userValues.withUnsafeBufferPointer { values in
                    item.withUnsafeBufferPointer { itemBias in
                        user.withUnsafeMutableBufferPointer { userBias in
                            for u in 0..<userBias.count {
                                var deviation = 0.0
                                for k in offsets[u]..<offsets[u + 1] {
                                    deviation += values[k] - mean - itemBias[Int(items[k])]
                                }
                                userBias[u] = deviation / (parameters.regUser + Double(offsets[u + 1] - offsets[u]))
                            }
                        }
                    }
                }
            }
        }
        return 0
    }

    /// Surprise's SGD on the biases alone, user by user.
    /// One pass; returns the sum of squared errors before each update.
    private mutating func epochSGD(index: RatingIndex, rate: Double, reg: Double) -> Double {
        let mean = globalMean
        var loss = 0.0
        index.userOffsets.withUnsafeBufferPointer { offsets in
            index.userItems.withUnsafeBufferPointer { items in
                index.userValues.withUnsafeBufferPointer { values in
                    user.withUnsafeMutableBufferPointer { userBias in
                        item.withUnsafeMutableBufferPointer { itemBias in
                            for u in 0..<userBias.count {
                                for k in offsets[u]..<offsets[u + 1] {
                                    let i = Int(items[k])
                                    let error = values[k] - (mean + userBias[u] + itemBias[i])
                                    loss += error * error
                                    userBias[u] += rate * (error - reg * userBias[u])
                                    itemBias[i] += rate * (error - reg * itemBias[i])
                                }
                            }
                        }
                    }
                }
            }
        }
        return loss
    }

    /// Mean plus whichever biases are known.
    @inline(__always)
    func estimate(user u: Int32, item i: Int32, index: RatingIndex) -> Double {
        var value = globalMean
        if index.isKnown(user: u) { value += user[Int(u)] }
        if index.isKnown(item: i) { value += item[Int(i)] }
        return value
    }
}
