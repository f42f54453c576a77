import MLCore
import MLModels
import PipelineGraph
import PipelineKinds
import PipelineSpec

/// Combines the members' predictions on one fold, as the combine method says,
/// and records what it learned (weights, coefficients, out-of-bag error,
/// rounds) for the results.
struct CombineOperation: PipelineOperation {
    let combine: CombineSpec
    let method: CombineMethod
    let layout: CombineLayout
    let fold: Int
    /// With a prequential split by event: the combiner learns online.
    var stream: EventStream? = nil

    var name: String { "combine" }
    /// 3: the learned combiner kept in binary form, for exports.
    var version: Int { 3 }
    var usesSeed: Bool { false }

    var configuration: ConfigValue {
        var members: [String: ConfigValue] = ["method": .string(combine.method.value)]
        for (name, value) in combine.configuration.parameters.effectiveValues { members[name] = ConfigValue(value) }
        members["members"] = .array(Self.memberNames(layout).map(ConfigValue.string))
        if !combine.weights.isEmpty {
            members["weights"] = .object(
                Dictionary(
                    combine.weights.map { ($0.name.value, ConfigValue.double($0.weight.value)) }, uniquingKeysWith: { a, _ in a })
            )
        }
        if let meta = combine.meta { members["meta"] = .kind(meta, key: "kind") }
        guard let stream else { return ["combine": .object(members), "fold": .int(fold)] }
        return ["combine": .object(members), "fold": .int(fold), "stream": stream.configuration]
    }

    static func memberNames(_ layout: CombineLayout) -> [String] {
        switch layout {
        case .predictions(let members), .outOfFold(let members, _, _): members
        case .resampled(let model, _): [model]
        case .sequential(let models, _): models
        }
    }

    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        let memberFits = Lowering.memberFits(layout).count, refits = Lowering.refitMembers(layout).count
        guard inputs.count == 2 + memberFits + refits else { throw StageError.malformedInput("combine") }
        let data = try RatingsArtifact(inputs[0])
        let fold = try FoldsArtifact(inputs[1]).fold(self.fold)
        let fits = Array(inputs[2..<(2 + memberFits)])
        let refitted = try inputs[(2 + memberFits)...].map(PredictionsArtifact.init)
        let combiner = FoldCombiner(data: data, fold: fold, number: self.fold, method: combine.method.value)
        do {
            if let stream {
                let names = if case .weighted(let plan) = method { plan.members } else { [String]() }
                return try combiner.online(method, refitted, names: names, stream: stream)
            }
            switch method {
            case .average:
                return combiner.linear(.average(of: refitted.count), refitted, names: [])
            case .weighted(let plan):
                return try combiner.weighted(plan, refitted)
            case .bagging(let model, _, _):
                return try combiner.bagging(fits, model: model)
            case .boosting(let plan):
                guard let last = fits.last else { throw StageError.malformedInput("boosting rounds") }
                return try combiner.boosting(BoostingState(last), plan: plan, rounds: fits.count)
            case .stacking(let plan):
                return try combiner.stacking(plan, innerFits: fits, refitted: refitted)
            }
        } catch let error as ModelError {
            throw StageError(.model, "combine (\(combine.method.value)) on fold \(self.fold) failed", cause: error)
        }
    }
}
