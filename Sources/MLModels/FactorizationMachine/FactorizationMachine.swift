import MLCore

/// `fm`: a factorization machine (Rendle 2010) over the user, the item, their
/// attributes (`data: {users: ..., items: ...}`) and the rating's context
/// (hour, weekday, month of its time). With x the rating's feature vector,
/// ŷ = w₀ + Σⱼ wⱼxⱼ + Σ_{j<l} ⟨vⱼ, vₗ⟩ xⱼxₗ, computed in O(k·n) as
/// w₀ + Σⱼ wⱼxⱼ + ½ Σ_f [(Σⱼ v_jf xⱼ)² − Σⱼ v_jf² xⱼ²]. Trained by SGD (or
/// any optimizer of the learning options) on the squared error, from
/// w₀ = the training mean.
public struct FactorizationMachine: IterativeModel {
    public static let kind = "fm"

    public struct Parameters: Sendable, Hashable {
        public var factors: Int
        public var epochs: Int
        public var learningRate: Double
        /// L2 on the pairwise factors.
        public var reg: Double
        /// L2 on the linear weights.
        public var regLinear: Double
        public var initDeviation: Double
        /// Attributes of the `users` table the model reads, by name.
        public var userAttributes: [String]
        /// Attributes of the `items` table the model reads, by name.
        public var itemAttributes: [String]
        public var contexts: [ContextFeature]
        public var onDivergence: DivergencePolicy
        public var learning: LearningOptions

        public init(
            factors: Int = 16, epochs: Int = 60, learningRate: Double = 0.003, reg: Double = 0.06, regLinear: Double = 0.01,
            initDeviation: Double = 0.05, userAttributes: [String] = [], itemAttributes: [String] = [],
            contexts: [ContextFeature] = [], onDivergence: DivergencePolicy = .fail, learning: LearningOptions = LearningOptions()
        ) {
            self.factors = factors
            self.epochs = epochs
            self.learningRate = learningRate
            self.reg = reg
            self.regLinear = regLinear
            self.initDeviation = initDeviation
            self.userAttributes = userAttributes
            self.itemAttributes = itemAttributes
            self.contexts = contexts
            self.onDivergence = onDivergence
            self.learning = learning
        }

        var readsAttributes: Bool { !userAttributes.isEmpty || !itemAttributes.isEmpty }
    }

    public var parameters: Parameters
    /// The attribute tables; required when the parameters name attributes.
    public var side: SideInformation?
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
        if !p.contexts.isEmpty && train.times == nil {
            throw ModelError(
                .invalidParameter, model: kind,
                "context features need the ratings' times; add 'time: COLUMN' under the data source's 'columns'")
        }
        let space = try featureSpace(userCount: train.userCount, itemCount: train.itemCount)
        var generator = SeededGenerator(seed: seed, label: kind)
        var order = Array(0..<train.count)
        generator.shuffle(&order)
        let rows = FactorizationRows(train, order: order, contexts: p.contexts)
        var state = State(features: space.count, factors: p.factors)
        for k in state.factors.indices { state.factors[k] = Float(generator.nextGaussian() * p.initDeviation) }
        state.bias = Float(train.values.reduce(0, +) / Double(train.count))
        var seen = [Bool](repeating: false, count: space.count)
        rows.markSeen(&seen, space: space)
        var runner = EpochRunner(
            kind: kind, epochs: p.epochs, observer: p.learning.observer(validation: validation, then: observer))
        runner.divergence = p.onDivergence
        runner.schedule = p.learning.schedule
        guard p.learning.isClassicSGD else {
            let trainer = FactorizationMachineTrainer(
                parameters: p, runner: runner, rows: rows, space: space, seen: seen, scale: scale)
            return try p.learning.optimizer.run(trainer.with(state))
        }
        return try FactorizationMachineSGD(parameters: p, runner: runner, rows: rows, space: space, seen: seen, scale: scale)
            .fit(initial: state)
    }

    /// The feature space of the attributes and contexts the parameters name.
    func featureSpace(userCount: Int, itemCount: Int) throws -> FeatureSpace {
        let p = parameters
        func rows(_ table: AttributeTable?, ids: [String]?, selected: [String], count: Int, what: String) throws -> FeatureRows {
            guard !selected.isEmpty else { return .empty }
            guard let table, let ids else {
                throw ModelError(
                    .invalidParameter, model: Self.kind, "features name \(what) attributes but no \(what) table was given")
            }
            let missing = selected.filter { !table.attributes.contains($0) }
            try require(missing.isEmpty, kind: Self.kind, "the \(what) table has no attribute \(missing.joined(separator: ", "))")
            var rows = table.rows(for: Array(ids.prefix(count)), selected: selected)
            // Entities beyond the id list (none in a pipeline) have no attributes.
            while rows.rowCount < count { rows.offsets.append(rows.features.count) }
            return rows
        }
        return FeatureSpace(
            userCount: userCount, itemCount: itemCount,
            userRows: try rows(side?.users, ids: side?.userIDs, selected: p.userAttributes, count: userCount, what: "users"),
            itemRows: try rows(side?.items, ids: side?.itemIDs, selected: p.itemAttributes, count: itemCount, what: "items"),
            contexts: p.contexts)
    }

    /// Throws `invalidParameter` for a parameter out of its range.
    func validate() throws {
        let kind = Self.kind, p = parameters
        try require(p.factors > 0, kind: kind, "factors must be positive, got \(p.factors)")
        try require(p.epochs >= 0, kind: kind, "epochs must not be negative, got \(p.epochs)")
        try require(
            p.learningRate > 0 && p.learningRate.isFinite, kind: kind, "learning rate must be positive, got \(p.learningRate)")
        try require(p.reg >= 0 && p.regLinear >= 0, kind: kind, "regularization must not be negative")
        try require(p.initDeviation >= 0, kind: kind, "init deviation must not be negative, got \(p.initDeviation)")
        try requireValid(p.onDivergence, kind: kind)
        try p.learning.validate(kind: kind)
    }

    /// The learned weights: w₀, one linear weight and one factor row per feature.
    struct State: Sendable {
        var bias: Float = 0
        var linear: [Float]
        /// features × factors, row-major.
        var factors: [Float]

        init(features: Int, factors width: Int) {
            linear = [Float](repeating: 0, count: features)
            factors = [Float](repeating: 0, count: features * width)
        }

        var isFinite: Bool { bias.isFinite && allFinite(linear) && allFinite(factors) }
    }
}

extension FactorizationMachine: ValidatedModel {
    public var readsValidation: Bool { parameters.learning.earlyStopping != nil }

    public func validated(by validation: RatingSet) -> FactorizationMachine {
        var model = self
        model.validation = validation
        return model
    }
}

extension FactorizationMachine: SideInformationModel {
    public var readsSideInformation: Bool { parameters.readsAttributes }

    public func informed(by side: SideInformation) -> FactorizationMachine {
        var model = self
        model.side = side
        return model
    }
}

/// A model that reads attribute tables besides the ratings (`fm`).
public protocol SideInformationModel: RatingModel {
    /// Whether the fit would read attribute tables.
    var readsSideInformation: Bool { get }
    /// The model, fitting with the tables at hand.
    func informed(by side: SideInformation) -> Self
}

/// The training ratings in visiting order, with each context's value per row.
struct FactorizationRows: Sendable {
    let users: [Int32]
    let items: [Int32]
    let values: [Float]
    /// Row-major: `contexts[row * contextCount + c]`.
    let contextValues: [Int32]
    let contextCount: Int

    init(_ train: RatingSet, order: [Int], contexts: [ContextFeature]) {
        users = order.map { train.users[$0] }
        items = order.map { train.items[$0] }
        values = order.map { Float(train.values[$0]) }
        contextCount = contexts.count
        var contextValues = [Int32](repeating: 0, count: order.count * contexts.count)
        if let times = train.times {
            for (row, source) in order.enumerated() {
                for (c, feature) in contexts.enumerated() {
                    contextValues[row * contexts.count + c] = Int32(feature.value(at: times[source]))
                }
            }
        }
        self.contextValues = contextValues
    }

    var count: Int { values.count }

    func markSeen(_ seen: inout [Bool], space: FeatureSpace) {
        let width = max(space.widestRow, 1)
        var indices = [Int32](repeating: 0, count: width), values = [Float](repeating: 0, count: width)
        indices.withUnsafeMutableBufferPointer { indices in
            values.withUnsafeMutableBufferPointer { values in
                guard let indices = indices.baseAddress, let values = values.baseAddress else { return }
                for row in 0..<count {
                    let n = space.gather(
                        user: Int(users[row]), item: Int(items[row]), context: { Int(contextValues[row * contextCount + $0]) },
                        into: indices, values: values)
                    for k in 0..<n { seen[Int(indices[k])] = true }
                }
            }
        }
    }
}
