import MLCore
import PipelineGraph
import PipelineKinds
import PipelineSpec

/// Cuts the ratings into folds of training, validation and test parts.
struct SplitOperation: PipelineOperation {
    /// The pipeline's `split:`, or the default split when it has none.
    let split: KindConfiguration

    init(split: KindConfiguration?) {
        self.split =
            split
            ?? KindConfiguration(
                kind: Located(Kinds.defaultSplit.name, at: .unknown),
                parameters: Kinds.defaultSplit.defaultParameters)
    }

    var name: String { "split" }
    var version: Int { 2 }
    var configuration: ConfigValue { ["split": .kind(split, key: "method")] }

    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        guard let data = inputs.first else { throw StageError.malformedInput("ratings") }
        let ratings = try RatingsArtifact(data)
        let plan = try Kinds.splits.build(split)
        do {
            let folds = try Splitter.folds(
                of: ratings.ratings, groups: ratings.ratingGroups, options: plan.options(seed: context.seed))
            return FoldsArtifact(folds: folds).artifact
        } catch {
            throw StageError(.data, "cannot split the data: \(error.message)")
        }
    }
}

extension ConfigValue {
    /// A kind section as configuration: its kind and every parameter's effective value.
    static func kind(_ configuration: KindConfiguration, key: String) -> ConfigValue {
        var members: [String: ConfigValue] = [key: .string(configuration.kind.value)]
        for (name, value) in configuration.parameters.effectiveValues { members[name] = ConfigValue(value) }
        return .object(members)
    }
}
