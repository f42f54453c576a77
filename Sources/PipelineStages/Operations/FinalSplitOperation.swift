import MLCore
import PipelineGraph
import PipelineKinds
import PipelineSpec

/// Cuts the fold of the final fit that an export trains: every rating
/// trains, none is tested, and the validation part that combiners learn on
/// is carved as the pipeline's split carves it.
struct FinalSplitOperation: PipelineOperation {
    let split: KindConfiguration

    init(split: KindConfiguration?) {
        self.split = SplitOperation(split: split).split
    }

    var name: String { "split-final" }
    var version: Int { 1 }
    var configuration: ConfigValue { ["split": .kind(split, key: "method"), "final": .bool(true)] }

    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        guard let data = inputs.first else { throw StageError.malformedInput("ratings") }
        let ratings = try RatingsArtifact(data)
        let plan = try Kinds.splits.build(split)
        do {
            let fold = try Splitter.finalFold(of: ratings.ratings, options: plan.options(seed: context.seed))
            return FoldsArtifact(folds: [fold], first: Lowering.finalFold).artifact
        } catch {
            throw StageError(.data, "cannot cut the final fit's fold: \(error.message)")
        }
    }
}
