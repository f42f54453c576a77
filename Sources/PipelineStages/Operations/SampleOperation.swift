import MLCore
import PipelineGraph
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
        do {
            return .record(["train": .indices(try Sampler.sample(fold.train, of: ratings.ratings, method: method, seed: context.seed))])
        } catch {
            throw StageError(.data, "cannot sample fold \(self.fold): \(error.message)")
        }
    }

    private var method: SamplingMethod {
        let parameters = sample.parameters
        let size: SampleSize = parameters.int("size").map(SampleSize.count) ?? .fraction(parameters.double("fraction") ?? 1)
        switch sample.kind.value {
        case "uniform": return .uniform(size)
        case "stratified": return .stratified(by: parameters.string("by") == "item" ? .item : .user, fraction: parameters.double("fraction") ?? 1)
        case "recent":
            if let window = parameters.double("window") { return .recent(.duration(window)) }
            return .recent(.fraction(parameters.double("fraction") ?? 1))
        case "reservoir": return .reservoir(size: parameters.int("size") ?? 1)
        default: return .all
        }
    }
}
