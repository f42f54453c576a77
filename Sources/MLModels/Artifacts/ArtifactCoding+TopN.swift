// `ease`: its configuration, then its fitted state.

extension EASE: PersistentModel {
    public func encode(to writer: inout ArtifactWriter) {
        writer.write(parameters.lambda)
        writer.write(parameters.maxItems)
        parameters.baseline.encode(to: &writer)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        self.init(
            Parameters(
                lambda: try reader.readDouble(), maxItems: try reader.readInt(),
                baseline: try Baseline.Parameters(decoding: &reader)))
    }
}

extension EASE.Fitted: PersistentPredictor {
    public func encode(to writer: inout ArtifactWriter) {
        baseline.encode(to: &writer)
        writer.write(itemCount)
        writer.write(weights)
        writer.write(rated.offsets)
        writer.write(rated.items)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        let baseline = try Baseline.Fitted(decoding: &reader)
        let itemCount = try reader.readInt()
        let weights = try reader.readFloats()
        let offsets = try reader.readInts(), items = try reader.readInt32s()
        try reader.expect(
            itemCount >= 0 && itemCount.multipliedReportingOverflow(by: itemCount) == (weights.count, false),
            "ease weights are not items × items")
        try reader.expect(
            offsets.first == 0 && offsets.last == items.count && zip(offsets, offsets.dropFirst()).allSatisfy { $0 <= $1 }
                && items.allSatisfy { $0 >= 0 && Int($0) < itemCount },
            "ease rated lists are malformed")
        self.init(
            baseline: baseline, weights: weights, itemCount: itemCount,
            rated: EASE.RatedLists(offsets: offsets, items: items))
    }
}

// `ials` and `bpr`: their configuration, then the baseline and the factor rows.

extension LatentScores {
    func encode(to writer: inout ArtifactWriter) {
        writer.write(factors)
        writer.write(users)
        writer.write(items)
        writer.write(itemBiases)
    }

    init(decoding reader: inout ArtifactReader, kind: String) throws(ModelArtifactError) {
        let factors = try reader.readInt()
        let users = try reader.readDoubles(), items = try reader.readDoubles(), biases = try reader.readDoubles()
        try reader.expect(factors > 0 && factors <= 1 << 20, "\(kind) factor count \(factors) is out of range")
        let stride = LatentScores.stride(factors: factors)
        try reader.expect(
            users.count % stride == 0 && items.count % stride == 0, "\(kind) factor rows are not \(stride) wide")
        try reader.expect(
            biases.isEmpty || biases.count == items.count / stride, "\(kind) item biases do not match the items")
        self.init(factors: factors, stride: stride, users: users, items: items, itemBiases: biases)
    }
}

extension ImplicitALS: PersistentModel {
    public func encode(to writer: inout ArtifactWriter) {
        let p = parameters
        writer.write(p.factors)
        writer.write(p.iterations)
        writer.write(p.reg)
        writer.write(p.alpha)
        writer.write(p.cgSteps)
        writer.write(p.initDeviation)
        writer.write(p.threads)
        p.baseline.encode(to: &writer)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        self.init(
            Parameters(
                factors: try reader.readInt(), iterations: try reader.readInt(), reg: try reader.readDouble(),
                alpha: try reader.readDouble(), cgSteps: try reader.readInt(), initDeviation: try reader.readDouble(),
                threads: try reader.readInt(), baseline: try Baseline.Parameters(decoding: &reader)))
    }
}

extension LatentRanking: PersistentPredictor {
    public func encode(to writer: inout ArtifactWriter) {
        baseline.encode(to: &writer)
        latent.encode(to: &writer)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        let baseline = try Baseline.Fitted(decoding: &reader)
        self.init(baseline: baseline, latent: try LatentScores(decoding: &reader, kind: "ials or bpr"))
    }
}

extension BayesianPersonalizedRanking: PersistentModel {
    public func encode(to writer: inout ArtifactWriter) {
        let p = parameters
        writer.write(p.factors)
        writer.write(p.epochs)
        writer.write(p.learningRate)
        writer.write(p.reg)
        writer.write(p.initDeviation)
        p.baseline.encode(to: &writer)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        self.init(
            Parameters(
                factors: try reader.readInt(), epochs: try reader.readInt(), learningRate: try reader.readDouble(),
                reg: try reader.readDouble(), initDeviation: try reader.readDouble(),
                baseline: try Baseline.Parameters(decoding: &reader)))
    }
}
