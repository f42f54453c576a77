import MLCore

/// `autorec`: item-based AutoRec (Sedhain et al. 2015). Each item's vector of
/// ratings by every user (zero where unobserved) goes through the hidden
/// layers and back to one output per user; the loss counts the observed
/// entries only, plus `l2` times the squared weights. The prediction for
/// (u, i) is entry u of item i's reconstruction.
///
/// Both ends of the network are sparse: the first layer sums the weight rows
/// of the users who rated the item, and training computes the outputs of
/// those users only (the loss reads no other), so an epoch costs
/// O(ratings · width) there; hidden-to-hidden layers are dense, blocked
/// matrix products over a batch of items.
///
/// Unknown users and items fall back to a baseline: an item with no training
/// rating gets the global mean, a user with none the item's mean rating.
public struct AutoRec: IterativeModel {
    public static let kind = "autorec"

    public struct Parameters: Sendable, Hashable {
        /// Widths of the hidden layers, input side first.
        public var hidden: [Int]
        /// The hidden layers' activation: one for all, or one per layer.
        public var activations: [Activation]
        /// The output layer's activation.
        public var outputActivation: Activation
        public var initialization: WeightInit
        /// Probability of zeroing a hidden unit during training (inverted dropout).
        public var dropout: Double
        /// Weight decay: λ·w joins each batch's averaged gradient of every weight (not the biases).
        public var l2: Double
        public var epochs: Int
        public var learningRate: Double
        /// Optimizer, loss, schedule, batch (items per update) and early stopping.
        public var learning: LearningOptions

        public init(
            hidden: [Int] = [500], activations: [Activation] = [.sigmoid], outputActivation: Activation = .identity,
            initialization: WeightInit = .xavier, dropout: Double = 0, l2: Double = 0.04, epochs: Int = 60,
            learningRate: Double = 0.001,
            learning: LearningOptions = LearningOptions(optimizer: OptimizerSettings(.adam), batch: 256)
        ) {
            self.hidden = hidden
            self.activations = activations
            self.outputActivation = outputActivation
            self.initialization = initialization
            self.dropout = dropout
            self.l2 = l2
            self.epochs = epochs
            self.learningRate = learningRate
            self.learning = learning
        }

        /// The activation of hidden layer `layer` (0-based).
        func activation(_ layer: Int) -> Activation {
            activations.count == 1 ? activations[0] : activations[layer]
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
        let network = AutoRecNetwork(parameters: p, users: index.userCount)
        var generator = SeededGenerator(seed: seed, label: kind)
        let arena = network.initialArena(
            slots: p.learning.optimizer.slots, initialization: p.initialization, generator: &generator)
        var runner = EpochRunner(
            kind: kind, epochs: p.epochs, observer: p.learning.observer(validation: validation, then: observer))
        runner.schedule = p.learning.schedule
        let trainer = AutoRecTrainer(network: network, index: index, parameters: p)
        let (trained, losses, report) = try p.learning.optimizer.run(
            AutoRecTrainer.Body(trainer: trainer, arena: arena, runner: runner, generator: generator, scale: scale))
        var fitted = Fitted(network: network, weights: trained.valuesOnly(), index: index, epochLosses: losses, scale: scale)
        fitted.trainingReport = report
        return fitted
    }

    /// Throws `invalidParameter` for a parameter out of its range.
    func validate() throws {
        let kind = Self.kind, p = parameters
        try require(!p.hidden.isEmpty, kind: kind, "hidden must list at least one layer width")
        try require(p.hidden.allSatisfy { $0 > 0 }, kind: kind, "hidden layer widths must be positive, got \(p.hidden)")
        try require(
            p.activations.count == 1 || p.activations.count == p.hidden.count, kind: kind,
            "activation must be one name or one per hidden layer (\(p.hidden.count)), got \(p.activations.count)")
        try require(p.dropout >= 0 && p.dropout < 1, kind: kind, "dropout must be in [0, 1), got \(p.dropout)")
        try require(p.l2 >= 0, kind: kind, "l2 must not be negative, got \(p.l2)")
        try require(p.epochs >= 0, kind: kind, "epochs must not be negative, got \(p.epochs)")
        try require(p.learningRate > 0, kind: kind, "learning rate must be positive, got \(p.learningRate)")
        try p.learning.validate(kind: kind)
    }
}

extension AutoRec: ValidatedModel {
    public var readsValidation: Bool { parameters.learning.earlyStopping != nil }

    public func validated(by validation: RatingSet) -> AutoRec {
        var model = self
        model.validation = validation
        return model
    }
}
