import MLCore
import PipelineGraph
import PipelineKinds
import PipelineSpec

/// Samples the training part of one fold.
struct SampleOperation: PipelineOperation {
    let sample: KindConfiguration
    let fold: Int

    var name: String { "sample" }
    var version: Int { 1 }
    var configuration: ConfigValue { ["sample": .kind(sample, key: "method"), "fold": .int(fold)] }

    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        guard inputs.count == 2 else { throw StageError.malformedInput("sample") }
        let ratings = try RatingsArtifact(inputs[0])
        let fold = try FoldsArtifact(inputs[1]).fold(self.fold)
        let method = try Kinds.samplers.build(sample)
        do {
            return .record([
                "train": .indices(try Sampler.sample(fold.train, of: ratings.ratings, method: method, seed: context.seed))
            ])
        } catch {
            throw StageError(.data, "cannot sample fold \(self.fold): \(error.message)")
        }
    }
}
