// The learning options and `autorec`, field by field in declaration order.

extension ArtifactWriter {
    mutating func write(_ options: LearningOptions) {
        write(case: options.optimizer.kind)
        write(options.optimizer.beta1)
        write(options.optimizer.beta2)
        write(options.optimizer.eps)
        write(options.optimizer.momentum)
        write(options.loss.name)
        if case .huber(let delta) = options.loss { write(delta) } else { write(0.0) }
        write(options.schedule.name)
        if case .exponential(let decay) = options.schedule { write(decay) } else { write(0.0) }
        write(options.batch)
        write(options.earlyStopping?.patience ?? -1)
        write(case: options.earlyStopping?.metric ?? .rmse)
    }
}

extension ArtifactReader {
    mutating func readLearningOptions() throws(ModelArtifactError) -> LearningOptions {
        let optimizer = OptimizerSettings(
            try readCase(OptimizerKind.self), beta1: try readDouble(), beta2: try readDouble(), eps: try readDouble(),
            momentum: try readDouble())
        let lossName = try readString(), delta = try readDouble()
        let loss: TrainingLoss
        switch lossName {
        case "mse": loss = .mse
        case "mae": loss = .mae
        case "huber": loss = .huber(delta: delta)
        default: throw ModelArtifactError(.malformed, "'\(lossName)' is not a loss")
        }
        let scheduleName = try readString(), decay = try readDouble()
        let schedule: LearningRateSchedule
        switch scheduleName {
        case "constant": schedule = .constant
        case "exponential": schedule = .exponential(decay: decay)
        case "cosine": schedule = .cosine
        default: throw ModelArtifactError(.malformed, "'\(scheduleName)' is not a learning-rate schedule")
        }
        let batch = try readInt(), patience = try readInt(), metric = try readCase(EarlyStopping.Metric.self)
        return LearningOptions(
            optimizer: optimizer, loss: loss, schedule: schedule, batch: batch,
            earlyStopping: patience < 0 ? nil : EarlyStopping(patience: patience, metric: metric))
    }
}

extension AutoRec: PersistentModel {
    public func encode(to writer: inout ArtifactWriter) {
        let p = parameters
        writer.write(p.hidden)
        writer.write(p.activations.map(\.rawValue))
        writer.write(case: p.outputActivation)
        writer.write(case: p.initialization)
        writer.write(p.dropout)
        writer.write(p.l2)
        writer.write(p.epochs)
        writer.write(p.learningRate)
        writer.write(p.learning)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        let hidden = try reader.readInts()
        var activations: [Activation] = []
        for name in try reader.readStrings() {
            guard let activation = Activation(rawValue: name) else {
                throw ModelArtifactError(.malformed, "'\(name)' is not an activation")
            }
            activations.append(activation)
        }
        self.init(
            Parameters(
                hidden: hidden, activations: activations, outputActivation: try reader.readCase(Activation.self),
                initialization: try reader.readCase(WeightInit.self), dropout: try reader.readDouble(),
                l2: try reader.readDouble(), epochs: try reader.readInt(), learningRate: try reader.readDouble(),
                learning: try reader.readLearningOptions()))
    }
}

extension AutoRec.Fitted: PersistentPredictor {
    public func encode(to writer: inout ArtifactWriter) {
        writer.write(network.users)
        writer.write(network.widths)
        writer.write(network.activations.map(\.rawValue))
        writer.write(case: network.output)
        writer.write(weights.storage)
        writer.write(codes)
        writer.write(globalMean)
        writer.write(itemMeans)
        writer.write(knownUsers)
        writer.write(knownItems)
        writer.write(epochLosses)
        writer.write(scale)
        writer.write(trainingReport)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        let users = try reader.readCount(), widths = try reader.readInts()
        var activations: [Activation] = []
        for name in try reader.readStrings() {
            guard let activation = Activation(rawValue: name) else {
                throw ModelArtifactError(.malformed, "'\(name)' is not an activation")
            }
            activations.append(activation)
        }
        let output = try reader.readCase(Activation.self)
        try reader.expect(
            !widths.isEmpty && widths.allSatisfy { $0 > 0 } && activations.count == widths.count,
            "autorec layer widths and activations disagree")
        let network = AutoRecNetwork(users: users, widths: widths, activations: activations, output: output)
        var weights = ParameterArena(shapes: network.shapes, slots: 0)
        let storage = try reader.readFloats(), codes = try reader.readFloats()
        try reader.expect(storage.count == weights.storage.count, "autorec weights have the wrong size")
        weights.storage = storage
        let globalMean = try reader.readDouble(), itemMeans = try reader.readDoubles()
        let knownUsers = try reader.readKnownIndices(), knownItems = try reader.readKnownIndices()
        try reader.expect(
            codes.count == itemMeans.count * network.lastWidth && knownItems.counts.count == itemMeans.count
                && knownUsers.counts.count == users,
            "autorec codes, item means and counts disagree in size")
        self.init(
            network: network, weights: weights, codes: codes, globalMean: globalMean, itemMeans: itemMeans,
            knownUsers: knownUsers, knownItems: knownItems, epochLosses: try reader.readDoubles(),
            scale: try reader.readRange())
        trainingReport = try reader.readTrainingReport()
    }
}
