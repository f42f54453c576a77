import MLCore
import MLModels
import PipelineGraph
import PipelineKinds
import PipelineSpec

/// What every fit reads first: the ratings, the fold, and the rows it trains
/// on (the fold's training part, or its sample).
struct FoldInputs {
    let data: RatingsArtifact
    let fold: Fold
    let trainRows: [Int]
    /// Inputs after the data, the split and the sample.
    let rest: ArraySlice<Artifact>

    /// The attribute tables of a model with side features (its last inputs).
    let attributes: [AttributesArtifact]

    init(_ inputs: [Artifact], fold number: Int, sampled: Bool, extra: Int = 0) throws {
        var inputs = inputs
        var tables: [AttributesArtifact] = []
        while let last = inputs.last, AttributesArtifact.isAttributes(last) {
            tables.insert(try AttributesArtifact(last), at: 0)
            inputs.removeLast()
        }
        attributes = tables
        let fixed = sampled ? 3 : 2
        guard inputs.count == fixed + extra else { throw StageError.malformedInput("fit") }
        data = try RatingsArtifact(inputs[0])
        fold = try FoldsArtifact(inputs[1]).fold(number)
        if sampled {
            guard let rows = inputs[2][field: "train"]?.indexArray else { throw StageError.malformedInput("sample") }
            trainRows = rows
        } else {
            trainRows = fold.train
        }
        rest = inputs[fixed...]
    }

    var ratings: RatingSet { data.ratings }

    /// The attribute tables keyed by the data's ids, for models with side features.
    var sideInformation: SideInformation {
        SideInformation(
            userIDs: data.userIDs, itemIDs: data.itemIDs, users: attributes.first { $0.entity == "users" }?.table,
            items: attributes.first { $0.entity == "items" }?.table)
    }
}

/// Builds and fits a model of the spec, keeping a model's error as the cause.
struct ModelFitting {
    let model: ModelSpec
    let fold: Int
    let context: OperationContext
    /// Attribute tables for a model with side features.
    var side: SideInformation? = nil

    func fit(
        _ train: RatingSet, scale: ClosedRange<Double>, seed: UInt64? = nil, observer: EpochObserver? = nil,
        validation: RatingSet? = nil
    ) throws -> any RatingPredictor {
        let built = try build(validation: validation)
        if let observer, let epochwise = built as? any IterativeModel {
            return try failing { try epochwise.fit(train: train, scale: scale, seed: seed ?? context.seed, observer: observer) }
        }
        return try failing { try built.fit(train: train, scale: scale, seed: seed ?? context.seed) }
    }

    /// Fits the model and, for a kind whose state can be saved, its trained model as bytes
    /// (the same fit: the predictor is the trained model's).
    func trained(
        _ train: RatingSet, identifiers: ModelIdentifiers, scale: ClosedRange<Double>, seed: UInt64? = nil,
        observer: EpochObserver? = nil, validation: RatingSet? = nil
    ) throws -> (predictor: any RatingPredictor, bytes: [UInt8]?) {
        let built = try build(validation: validation)
        guard let persistent = built as? any PersistentModel else {
            return (try failing { try built.fit(train: train, scale: scale, seed: seed ?? context.seed) }, nil)
        }
        return try failing {
            try Self.train(
                persistent, train, identifiers: identifiers, scale: scale, seed: seed ?? context.seed, observer: observer)
        }
    }

    /// A fit whose trained model is kept as bytes only when `keep` is set (the
    /// final fit that an export reads); other fits skip the encoding.
    func fit(
        _ train: RatingSet, scale: ClosedRange<Double>, seed: UInt64? = nil, keeping keep: Bool, data: RatingsArtifact
    ) throws -> (predictor: any RatingPredictor, bytes: [UInt8]?) {
        guard keep else { return (try fit(train, scale: scale, seed: seed), nil) }
        return try trained(
            train, identifiers: ModelIdentifiers(users: data.userIDs, items: data.itemIDs), scale: scale, seed: seed)
    }

    private static func train<Model: PersistentModel>(
        _ model: Model, _ train: RatingSet, identifiers: ModelIdentifiers, scale: ClosedRange<Double>, seed: UInt64,
        observer: EpochObserver?
    ) throws -> (predictor: any RatingPredictor, bytes: [UInt8]?) {
        let trained = try TrainedModel.fit(
            model, train: train, identifiers: identifiers, scale: scale, seed: seed, observer: observer)
        return (trained.fitted, trained.encoded())
    }

    /// The model of the spec; one that stops early reads `validation` (the fold's validation part).
    private func build(validation: RatingSet?) throws -> any RatingModel {
        var built = try Kinds.models.build(
            model.configuration, ModelContext(workRoot: context.logDirectory, workingDirectory: context.workingDirectory))
        if let side, let informed = built as? any SideInformationModel { built = informed.informed(by: side) }
        guard let validation, let validated = built as? any ValidatedModel, validated.readsValidation else { return built }
        return validated.validated(by: validation)
    }

    /// Predictions of each list of rows of `ratings`, in one call.
    func predict(_ predictor: any RatingPredictor, _ ratings: RatingSet, parts: [[Int]]) throws -> [Predictions] {
        let results = try failing { try predictor.predict(parts: parts.map { PredictionPairs(ratings.subset($0)) }) }
        guard results.count == parts.count else { throw StageError.malformedInput("predictions of '\(model.name.value)'") }
        return results
    }

    func failing<T>(_ work: () throws -> T) throws -> T {
        do {
            return try work()
        } catch let error as ModelError {
            throw StageError(.model, "model '\(model.name.value)' (\(model.kind.value)) on fold \(fold) failed", cause: error)
        }
    }
}

extension ConfigValue {
    /// A model's kind and effective parameters, as fit nodes key them.
    static func model(_ model: ModelSpec) -> ConfigValue {
        var parameters: [String: ConfigValue] = [:]
        for (name, value) in model.parameters.effectiveValues where !Kinds.isQuietDefault(name, value, of: model.configuration) {
            parameters[name] = ConfigValue(value)
        }
        parameters["kind"] = .string(model.kind.value)
        return ["models": .object([model.name.value: .object(parameters)])]
    }
}
