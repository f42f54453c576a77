import MLCore
import PipelineGraph
import PipelineKinds
import PipelineSpec

/// Cuts the ratings into folds of training, validation and test parts.
struct SplitOperation: PipelineOperation {
    /// The pipeline's `split:`, or the default split when it has none.
    let split: KindConfiguration
    /// The prequential step this node cuts (its data holds the partitions through the step's test partition).
    var step: Int? = nil

    init(split: KindConfiguration?, step: Int? = nil) {
        self.step = step
        self.split =
            split
            ?? KindConfiguration(
                kind: Located(Kinds.defaultSplit.name, at: .unknown),
                parameters: Kinds.defaultSplit.defaultParameters)
    }

    var name: String { "split" }
    var version: Int { 2 }
    var configuration: ConfigValue {
        guard let step else { return ["split": .kind(split, key: "method")] }
        return ["split": .kind(split, key: "method"), "step": .int(step)]
    }

    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        guard let data = inputs.first else { throw StageError.malformedInput("ratings") }
        let ratings = try RatingsArtifact(data)
        let plan = try Kinds.splits.build(split)
        do {
            let folds = try Splitter.folds(
                of: ratings.ratings, groups: ratings.ratingGroups, options: plan.options(seed: context.seed))
            if let step { return FoldsArtifact(folds: folds.map { Fold(renumbered: $0, index: step - 1) }, first: step).artifact }
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

extension Fold {
    /// `fold` as the fold at 0-based position `index` of a longer run (a prequential step).
    init(renumbered fold: Fold, index: Int) {
        self = fold
        self.index = index
    }
}
