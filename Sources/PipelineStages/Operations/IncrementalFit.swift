import MLCore
import MLModels
import PipelineGraph
import PipelineKinds
import PipelineSpec

/// One prequential step of a model that learns incrementally: step 1 fits
/// the first partition; step n updates step n − 1's trained model (its fit
/// node's artifact) with partition n, then predicts partition n + 1. So
/// `fit @ 1..n` is `update(fit @ 1..n−1, partition n)`, and a new partition
/// costs one update per model.
struct IncrementalFit: Sendable {
    let model: ModelSpec
    let settings: IncrementalSpec
    let fold: Int

    init(model: ModelSpec, settings: IncrementalSpec, fold: Int) throws {
        let built = try Kinds.models.build(model.configuration, ModelContext(workRoot: "", workingDirectory: ""))
        guard built is any IncrementalModel else {
            throw StageError(
                .model,
                "model '\(model.name.value)' (\(model.kind.value)) cannot learn incrementally; leave 'incremental' out, "
                    + "or use a kind that can (mf, svdpp, als, baseline, popularity, slope-one, knn)")
        }
        self.model = model
        self.settings = settings
        self.fold = fold
    }

    var configuration: ConfigValue {
        .object([
            "epochs": .int(settings.epochs), "replay": replayConfiguration,
            "lr": settings.learningRate.map(ConfigValue.double) ?? .null,
        ])
    }

    /// A count stays the integer it always was, so that existing fingerprints hold.
    private var replayConfiguration: ConfigValue {
        switch settings.replay {
        case .rows(let rows): .int(rows)
        case .share: .string(settings.replay.description)
        }
    }

    func run(inputs: [Artifact], sampled: Bool, context: OperationContext) throws -> Artifact {
        let previous = fold > 1 ? inputs.last : nil
        let input = try FoldInputs(inputs, fold: fold, sampled: sampled, extra: previous == nil ? 0 : 1)
        try context.checkCancellation()
        let built = try Kinds.models.build(
            model.configuration, ModelContext(workRoot: context.logDirectory, workingDirectory: context.workingDirectory))
        guard let incremental = built as? any IncrementalModel else { throw StageError.malformedInput("incremental model") }
        var previousBytes: [UInt8]?
        if let previous {
            guard case .bytes(let bytes)? = previous[field: "model"] else {
                throw StageError.malformedInput("the trained model of step \(fold - 1) of '\(model.name.value)'")
            }
            previousBytes = bytes
        }
        // The rows this step learns from: all training rows at step 1, else those of its own partition.
        let groups = input.data.groups ?? []
        let newRows = previous == nil ? input.trainRows : input.trainRows.filter { Int(groups[$0]) == fold - 1 }
        let step = try Self.step(
            incremental, previous: previousBytes, rows: input.ratings.subset(newRows), data: input.data,
            parts: [input.fold.test, input.fold.validation], settings: settings, seed: context.seed, name: model.name.value)
        let cold: PredictionFallback = [.unknownUser, .unknownItem]
        var predictions = PredictionsArtifact(
            test: step.parts[0].values, validation: step.parts[1].values,
            testFallbacks: step.parts[0].fallbacks.reduce(0) { $0 + ($1.isDisjoint(with: cold) ? 0 : 1) })
        predictions.model = step.bytes
        predictions.trainingNote = step.note.isEmpty ? nil : step.note
        return predictions.artifact
    }

    private static func step<Model: IncrementalModel>(
        _ model: Model, previous: [UInt8]?, rows: RatingSet, data: RatingsArtifact, parts: [[Int]],
        settings: IncrementalSpec, seed: UInt64, name: String
    ) throws -> (parts: [Predictions], bytes: [UInt8], note: String) {
        let trained: TrainedModel<Model>
        do {
            if let previous {
                trained = try TrainedModel<Model>(decoding: previous).updated(
                    with: rows, userIDs: data.userIDs, itemIDs: data.itemIDs,
                    options: UpdateOptions(epochs: settings.epochs, learningRate: settings.learningRate))
            } else {
                trained = try TrainedModel.fit(
                    model, train: rows, identifiers: ModelIdentifiers(users: data.userIDs, items: data.itemIDs),
                    scale: data.scale, seed: seed, replay: settings.replayPolicy)
            }
        } catch let error as ModelError {
            throw StageError(.model, "model '\(name)' (\(Model.kind)) failed to learn", cause: error)
        }
        let predicted = try parts.map { part in
            try trained.predict(
                users: part.map { data.ratings.users[$0] }, items: part.map { data.ratings.items[$0] }, userIDs: data.userIDs,
                itemIDs: data.itemIDs)
        }
        return (predicted, trained.encoded(), trained.fitted.trainingReport.summary)
    }
}

extension IncrementalSpec {
    /// What the model keeps for replay.
    var replayPolicy: ReplayPolicy {
        switch replay {
        case .rows(let rows): .rows(rows)
        case .share(let share): .share(share)
        }
    }
}
