import Foundation
import MLCore
import MLModels
import PipelineBasics
import PipelineGraph
import PipelineKinds
import PipelineSpec

/// Trains one model on one fold's (sampled) training part and predicts the
/// fold's test and validation rows. The predictions are what evaluation and
/// combiners read; the trained model itself is kept beside them, in the
/// library's versioned binary format, for what loads a model later.
struct FitOperation: PipelineOperation {
    let model: ModelSpec
    let fold: Int
    let sampled: Bool
    /// In a pruned search: the medians this fit's epochs are held against.
    var pruning: FitPruning? = nil
    /// With a prequential split: the step fits the first partition, or updates the previous step's model.
    var incremental: IncrementalFit? = nil
    /// With a prequential split by event: the model learns from each rating of the stream.
    var online: OnlineFit? = nil

    var name: String { "fit-\(model.kind.value)" }
    /// 2: one prediction call for both parts; ranking scores kept. 3: the training loss of each epoch kept.
    /// 4: the trained model kept; what happened in training (diverged epochs run again) noted.
    /// 5 (knn only): sparse similarity rows in the trained model.
    /// 6 (knn only): neighbours summed in ascending entity order.
    /// 7 (incremental steps only): updates visit new and replayed rows interleaved, by runs of 64 users.
    var version: Int { incremental != nil ? 7 : model.kind.value == "knn" ? 6 : 4 }
    var fileDependencies: [String] { model.fileDependencies }

    var configuration: ConfigValue {
        guard case .object(var fields) = ConfigValue.model(model) else { return .null }
        fields["fold"] = .int(fold)
        if let pruning { fields["prune"] = pruning.configuration }
        if let incremental { fields["incremental"] = incremental.configuration }
        if let online { fields["online"] = online.configuration }
        return .object(fields)
    }

    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        if let incremental { return try incremental.run(inputs: inputs, sampled: sampled, context: context) }
        if let online { return try online.run(inputs: inputs, sampled: sampled, context: context) }
        let input = try FoldInputs(inputs, fold: fold, sampled: sampled)
        try context.checkCancellation()
        let fitting = ModelFitting(model: model, fold: fold, context: context, side: input.sideInformation)
        let train = input.ratings.subset(input.trainRows)
        let validation = input.ratings.subset(input.fold.validation)
        let watch = pruning.map { EpochWatch(pruning: $0, validation: validation) }
        let identifiers = ModelIdentifiers(users: input.data.userIDs, items: input.data.itemIDs)
        // A long fit keeps checkpoints, so that a killed run resumes it mid-fit.
        let checkpoint = context.checkpoint.map {
            EpochObserver(checkpoint: EpochCheckpoint(path: $0.path, identity: $0.identity, interval: $0.after))
        }
        let (predictor, modelBytes) =
            watch == nil
            ? try fitting.trained(
                train, identifiers: identifiers, scale: input.data.scale, observer: checkpoint, validation: validation)
            : (try fitting.fit(train, scale: input.data.scale, observer: watch?.observer, validation: validation), nil)
        if let epoch = predictor.trainingReport.resumedAfter {
            // Told to whoever watches the run, never part of the result: a resumed fit is the same model.
            let line = "resumed from the checkpoint after epoch \(epoch)\n"
            // A note that cannot be written loses nothing of the result.
            _ = FileManager.default.createFile(
                atPath: context.logDirectory + "/checkpoint.log", contents: Data(line.utf8))
        }
        try context.checkCancellation()
        // One call for both parts: a command model runs its program once per fold.
        let parts = try fitting.predict(predictor, input.ratings, parts: [input.fold.test, input.fold.validation])
        let cold: PredictionFallback = [.unknownUser, .unknownItem]
        let fallbacks = parts[0].fallbacks.reduce(0) { $0 + ($1.isDisjoint(with: cold) ? 0 : 1) }
        var predictions = PredictionsArtifact(
            test: parts[0].values, validation: parts[1].values, testFallbacks: fallbacks,
            testRankingScores: parts[0].rankingScores)
        predictions.epochLosses = (predictor as? any RecordsEpochLosses)?.epochLosses
        predictions.model = modelBytes
        let report = predictor.trainingReport.summary
        predictions.trainingNote = report.isEmpty ? nil : report
        if let watch {
            predictions.validationCurve = watch.curve
            predictions.prunedAfterEpoch = watch.stoppedAfter
        }
        return predictions.artifact
    }

    func memoryNeed(inputs: [Artifact]) -> MemoryNeed? {
        guard let data = inputs.first, let users = data[field: "userCount"]?.doubleValue,
            let items = data[field: "itemCount"]?.doubleValue, inputs.count >= 2,
            let built = try? Kinds.models.build(model.configuration, ModelContext(workRoot: "", workingDirectory: "")),
            let estimating = built as? any MemoryEstimating
        else { return nil }
        let rows: Int
        if sampled, inputs.count >= 3, let sample = inputs[2][field: "train"]?.indexArray {
            rows = sample.count
        } else if let fold = try? FoldsArtifact(inputs[1]).fold(fold) {
            rows = fold.train.count
        } else {
            return nil
        }
        let estimate = estimating.estimatedMemory(for: DataShape(ratings: rows, users: Int(users), items: Int(items)))
        return MemoryNeed(
            bytes: estimate.total,
            breakdown:
                "model '\(model.name.value)' (\(model.kind.value)): \(MemorySize.text(estimate.model)) kept, "
                + "\(MemorySize.text(estimate.working)) while fitting, for \(rows) ratings of \(Int(users)) users and \(Int(items)) items",
            remedy: "use fewer factors or neighbours, or sample the data")
    }

    /// The kinds whose fits report each epoch, so that a search can prune them.
    static func reportsEpochs(kind: String) -> Bool { epochKinds.contains(kind) }

    static var epochKinds: Set<String> {
        Set(
            Kinds.models.entries.filter { entry in
                (try? entry.build(entry.defaultParameters, ModelContext(workRoot: "", workingDirectory: "")))
                    is any IterativeModel
            }.map(\.name))
    }
}

/// A pruned fit's validation error after each epoch, and the epoch it stopped after.
final class EpochWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Double] = []
    private var stopped: Int?
    let pruning: FitPruning
    let validation: RatingSet

    init(pruning: FitPruning, validation: RatingSet) {
        self.pruning = pruning
        self.validation = validation
    }

    var curve: [Double] { lock.withLock { errors } }
    var stoppedAfter: Int? { lock.withLock { stopped } }

    var observer: EpochObserver {
        .validationRMSE(on: validation) { [self] epoch, rmse in
            lock.withLock {
                errors.append(rmse)
                guard pruning.stops(afterEpoch: epoch, error: rmse) else { return .proceed }
                stopped = epoch
                return .stop
            }
        }
    }
}

extension ModelSpec {
    /// The files that parameters of type `.pathList` name (a command model's `deps`).
    var fileDependencies: [String] {
        parameters.effectiveValues.flatMap { entry -> [String] in
            guard parameters.descriptor.parameter(named: entry.name)?.type == .pathList else { return [] }
            return FileList(parameterValue: entry.value)?.paths ?? []
        }
    }
}
