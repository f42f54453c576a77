import Foundation
import MLCore
import MLModels
import PipelineGraph
import PipelineKinds
import PipelineSpec

/// Trains one model on one fold's (sampled) training part and predicts the
/// fold's test and validation rows. Predictions, not fitted models, are what
/// is cached: they are all that evaluation and combiners need.
struct FitOperation: PipelineOperation {
    let model: ModelSpec
    let fold: Int
    let sampled: Bool

    var name: String { "fit-\(model.kind.value)" }
    /// 2: one prediction call for both parts; ranking scores kept.
    var version: Int { 2 }
    /// The files that parameters of type `.pathList` name (a command model's `deps`).
    var fileDependencies: [String] {
        model.parameters.effectiveValues.flatMap { entry -> [String] in
            guard model.parameters.descriptor.parameter(named: entry.name)?.type == .pathList else { return [] }
            return FileList(parameterValue: entry.value)?.paths ?? []
        }
    }

    var configuration: ConfigValue {
        var parameters: [String: ConfigValue] = [:]
        for (name, value) in model.parameters.effectiveValues { parameters[name] = ConfigValue(value) }
        parameters["kind"] = .string(model.kind.value)
        return ["models": .object([model.name.value: .object(parameters)]), "fold": .int(fold)]
    }

    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        guard inputs.count == (sampled ? 3 : 2) else { throw StageError.malformedInput("fit") }
        let data = try RatingsArtifact(inputs[0])
        let fold = try FoldsArtifact(inputs[1]).fold(self.fold)
        let trainRows = sampled ? (inputs[2][field: "train"]?.indexArray ?? []) : fold.train
        let train = data.ratings.subset(trainRows)
        let test = data.ratings.subset(fold.test)
        let validation = data.ratings.subset(fold.validation)
        try context.checkCancellation()

        let built = try Kinds.models.build(
            model.configuration, ModelContext(workRoot: context.logDirectory, workingDirectory: context.workingDirectory))
        do {
            let predictor = try built.fit(train: train, scale: data.scale, seed: context.seed)
            try context.checkCancellation()
            // One call for both parts: a command model runs its program once per fold.
            let parts = try predictor.predict(parts: [PredictionPairs(test), PredictionPairs(validation)])
            guard parts.count == 2 else { throw StageError.malformedInput("predictions of '\(model.name.value)'") }
            let cold: PredictionFallback = [.unknownUser, .unknownItem]
            let fallbacks = parts[0].fallbacks.reduce(0) { $0 + ($1.isDisjoint(with: cold) ? 0 : 1) }
            return PredictionsArtifact(
                test: parts[0].values, validation: parts[1].values, testFallbacks: fallbacks,
                testRankingScores: parts[0].rankingScores
            ).artifact
        } catch let error as ModelError {
            throw StageError(
                .model, "model '\(model.name.value)' (\(model.kind.value)) on fold \(self.fold) failed", cause: error)
        }
    }
}
