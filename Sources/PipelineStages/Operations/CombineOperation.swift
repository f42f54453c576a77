import MLCore
import MLModels
import PipelineGraph
import PipelineKinds
import PipelineSpec

/// Combines the members' predictions on one fold: learns the combination on
/// the validation rows (weighted, stacking) and applies it to the test rows.
struct CombineOperation: PipelineOperation {
    let combine: CombineSpec
    let members: [String]
    let fold: Int

    var name: String { "combine" }
    var version: Int { 1 }
    var usesSeed: Bool { false }

    var configuration: ConfigValue {
        var members: [String: ConfigValue] = ["method": .string(combine.method.value)]
        for (name, value) in combine.configuration.parameters.effectiveValues { members[name] = ConfigValue(value) }
        members["models"] = .array(self.members.map(ConfigValue.string))
        if let meta = combine.meta { members["meta"] = .kind(meta, key: "kind") }
        return ["combine": .object(members), "fold": .int(fold)]
    }

    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        guard inputs.count == members.count + 2 else { throw StageError.malformedInput("combine") }
        let data = try RatingsArtifact(inputs[0])
        let fold = try FoldsArtifact(inputs[1]).fold(self.fold)
        let predictions = try inputs.dropFirst(2).map(PredictionsArtifact.init)
        let targets = fold.validation.map { data.ratings.values[$0] }
        let rule = try Kinds.combiners.build(combine.configuration, CombineContext(meta: combine.meta))
        do {
            let combination = try PredictionCombiner.fit(rule, members: predictions.map(\.validation), targets: targets)
            return PredictionsArtifact(
                test: combination.apply(predictions.map(\.test), scale: data.scale),
                validation: combination.apply(predictions.map(\.validation), scale: data.scale),
                testFallbacks: predictions.map(\.testFallbacks).max() ?? 0
            ).artifact
        } catch let error as ModelError {
            throw StageError(.model, "combine (\(combine.method.value)) on fold \(self.fold) failed", cause: error)
        }
    }
}
