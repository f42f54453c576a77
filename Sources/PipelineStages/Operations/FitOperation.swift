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
    var version: Int { 1 }
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
            let testPredictions = try predictor.predict(users: test.users, items: test.items)
            let validationPredictions = try predictor.predict(users: validation.users, items: validation.items)
            let cold: PredictionFallback = [.unknownUser, .unknownItem]
            let fallbacks = testPredictions.fallbacks.reduce(0) { $0 + ($1.isDisjoint(with: cold) ? 0 : 1) }
            return PredictionsArtifact(test: testPredictions.values, validation: validationPredictions.values,
                                       testFallbacks: fallbacks).artifact
        } catch let error as ModelError {
            throw StageError(.model, "model '\(model.name.value)' (\(model.kind.value)) on fold \(self.fold): \(error.message)")
        }
    }
}
