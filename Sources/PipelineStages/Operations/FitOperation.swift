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
    var fileDependencies: [String] { model.fileDependencies }

    var configuration: ConfigValue {
        guard case .object(var fields) = ConfigValue.model(model) else { return .null }
        fields["fold"] = .int(fold)
        return .object(fields)
    }

    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        let input = try FoldInputs(inputs, fold: fold, sampled: sampled)
        try context.checkCancellation()
        let fitting = ModelFitting(model: model, fold: fold, context: context)
        let predictor = try fitting.fit(input.ratings.subset(input.trainRows), scale: input.data.scale)
        try context.checkCancellation()
        // One call for both parts: a command model runs its program once per fold.
        let parts = try fitting.predict(predictor, input.ratings, parts: [input.fold.test, input.fold.validation])
        let cold: PredictionFallback = [.unknownUser, .unknownItem]
        let fallbacks = parts[0].fallbacks.reduce(0) { $0 + ($1.isDisjoint(with: cold) ? 0 : 1) }
        return PredictionsArtifact(
            test: parts[0].values, validation: parts[1].values, testFallbacks: fallbacks,
            testRankingScores: parts[0].rankingScores
        ).artifact
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
