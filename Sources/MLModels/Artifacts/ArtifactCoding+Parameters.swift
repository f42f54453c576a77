// The configuration of each persistent model kind, field by field in
// declaration order.

extension GlobalMean: PersistentModel {
    public func encode(to writer: inout ArtifactWriter) {}
    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) { self.init() }
}

extension Baseline.Parameters {
    func encode(to writer: inout ArtifactWriter) {
        writer.write(case: method)
        writer.write(epochs ?? -1)
        writer.write(regUser)
        writer.write(regItem)
        writer.write(reg)
        writer.write(learningRate)
        writer.write(onDivergence)
    }

    init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        let method = try reader.readCase(Baseline.Method.self)
        let epochs = try reader.readInt()
        self.init(
            method: method, epochs: epochs < 0 ? nil : epochs, regUser: try reader.readDouble(),
            regItem: try reader.readDouble(), reg: try reader.readDouble(), learningRate: try reader.readDouble(),
            onDivergence: try reader.readDivergencePolicy())
    }
}

extension Baseline: PersistentModel {
    public func encode(to writer: inout ArtifactWriter) { parameters.encode(to: &writer) }
    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        self.init(try Parameters(decoding: &reader))
    }
}

extension MatrixFactorization: PersistentModel {
    public func encode(to writer: inout ArtifactWriter) {
        let p = parameters
        writer.write(p.factors)
        writer.write(p.epochs)
        writer.write(p.learningRate)
        writer.write(p.reg)
        writer.write(p.biased)
        writer.write(p.initMean)
        writer.write(p.initDeviation)
        writer.write(case: p.order)
        writer.write(p.strata)
        writer.write(p.onDivergence)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        self.init(
            Parameters(
                factors: try reader.readInt(), epochs: try reader.readInt(), learningRate: try reader.readDouble(),
                reg: try reader.readDouble(), biased: try reader.readBool(), initMean: try reader.readDouble(),
                initDeviation: try reader.readDouble(), order: try reader.readCase(TrainingOrder.self),
                strata: try reader.readInt(), onDivergence: try reader.readDivergencePolicy()))
    }
}

extension SVDPlusPlus: PersistentModel {
    public func encode(to writer: inout ArtifactWriter) {
        let p = parameters
        writer.write(p.factors)
        writer.write(p.epochs)
        writer.write(p.learningRate)
        writer.write(p.reg)
        writer.write(p.initMean)
        writer.write(p.initDeviation)
        writer.write(p.onDivergence)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        self.init(
            Parameters(
                factors: try reader.readInt(), epochs: try reader.readInt(), learningRate: try reader.readDouble(),
                reg: try reader.readDouble(), initMean: try reader.readDouble(), initDeviation: try reader.readDouble(),
                onDivergence: try reader.readDivergencePolicy()))
    }
}

extension AlternatingLeastSquares: PersistentModel {
    public func encode(to writer: inout ArtifactWriter) {
        let p = parameters
        writer.write(p.factors)
        writer.write(p.epochs)
        writer.write(p.reg)
        writer.write(p.initDeviation)
        writer.write(p.threads)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        self.init(
            Parameters(
                factors: try reader.readInt(), epochs: try reader.readInt(), reg: try reader.readDouble(),
                initDeviation: try reader.readDouble(), threads: try reader.readInt()))
    }
}

extension NearestNeighbours.Parameters {
    func encode(to writer: inout ArtifactWriter) {
        writer.write(case: on)
        writer.write(case: similarity)
        writer.write(case: estimator)
        writer.write(k)
        writer.write(minK)
        writer.write(minSupport)
        writer.write(shrinkage)
        baseline.encode(to: &writer)
        writer.write(maxEntities)
        writer.write(maxNeighbours)
        writer.write(threads)
    }

    init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        self.init(
            on: try reader.readCase(NearestNeighbours.Axis.self),
            similarity: try reader.readCase(NearestNeighbours.Similarity.self),
            estimator: try reader.readCase(NearestNeighbours.Estimator.self), k: try reader.readInt(),
            minK: try reader.readInt(), minSupport: try reader.readInt(), shrinkage: try reader.readDouble(),
            baseline: try Baseline.Parameters(decoding: &reader), maxEntities: try reader.readInt(),
            maxNeighbours: try reader.readInt(), threads: try reader.readInt())
        try reader.expect(threads >= 1, "knn threads \(threads) must be at least 1")
        try reader.expect(maxNeighbours >= 0, "knn keep \(maxNeighbours) must not be negative")
    }
}

extension NearestNeighbours: PersistentModel {
    public func encode(to writer: inout ArtifactWriter) { parameters.encode(to: &writer) }
    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        self.init(try Parameters(decoding: &reader))
    }
}

extension SlopeOne: PersistentModel {
    public func encode(to writer: inout ArtifactWriter) { writer.write(parameters.maxItems) }
    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        self.init(Parameters(maxItems: try reader.readInt()))
    }
}

extension Popularity: PersistentModel {
    public func encode(to writer: inout ArtifactWriter) { writer.write(parameters.shrinkage) }
    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        self.init(Parameters(shrinkage: try reader.readDouble()))
    }
}

/// A model kind whose learning options were added after its artifact format
/// was fixed: they travel in a trailing section of the artifact, present only
/// when they differ from the defaults, so that artifacts of default models
/// keep their bytes.
protocol TrailingLearningOptions {
    var learningOptions: LearningOptions { get }
    func with(learning: LearningOptions) -> Self
}

extension MatrixFactorization: TrailingLearningOptions {
    var learningOptions: LearningOptions { parameters.learning }
    func with(learning: LearningOptions) -> MatrixFactorization {
        var model = self
        model.parameters.learning = learning
        return model
    }
}

extension SVDPlusPlus: TrailingLearningOptions {
    var learningOptions: LearningOptions { parameters.learning }
    func with(learning: LearningOptions) -> SVDPlusPlus {
        var model = self
        model.parameters.learning = learning
        return model
    }
}
