import MLCore
import MLModels
import PipelineGraph
import PipelineKinds
import PipelineSpec

/// A fit that belongs to the combiner: a bagging member on its bootstrap
/// resample, a boosting round on what the rounds before got wrong, or a fit
/// on an inner part of the training part that predicts the part left out.
/// Its configuration holds only what the role reads, so adding a bagging
/// member or a round leaves the others cached.
struct MemberFitOperation: PipelineOperation {
    let model: ModelSpec
    let method: CombineMethod
    let role: MemberRole
    let fold: Int
    let sampled: Bool
    /// Whether a test fold's member keeps its trained model, for ranking every
    /// item with the combined target (`candidates: all`); the final fit's always do.
    var keepsModel = false

    var name: String { "fit-member-\(model.kind.value)" }
    /// 2 (knn only): neighbours summed in ascending entity order.
    var version: Int { model.kind.value == "knn" ? 2 : 1 }
    var fileDependencies: [String] { model.fileDependencies }
    /// Inner parts cut the training part the same way for every member.
    var usesPipelineSeed: Bool { if case .part = role { true } else { false } }

    var configuration: ConfigValue {
        guard case .object(var fields) = ConfigValue.model(model) else { return .null }
        fields["fold"] = .int(fold)
        fields["member"] = .string(role.description)
        fields["combine"] = roleSettings
        // Written only when set, so that pipelines without it keep their fingerprints.
        if keepsModel && fold != Lowering.finalFold { fields["keep_model"] = .bool(true) }
        return .object(fields)
    }

    /// The combiner's settings that change what this node computes.
    private var roleSettings: ConfigValue {
        switch method {
        case .bagging(_, _, let fraction): ["fraction": .double(fraction)]
        case .boosting(let plan):
            [
                "variant": .string(plan.variant.rawValue), "rate": .double(plan.rate),
                "patience": plan.patience.map { .int($0) } ?? .null, "of": .array(plan.models.map(ConfigValue.string)),
            ]
        case .stacking(let plan):
            switch plan.source {
            case .crossValidation(let parts): ["cv": .int(parts)]
            case .holdout(let fraction): ["holdout": .double(fraction)]
            case .validation: .null
            }
        case .average, .weighted: .null
        }
    }

    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        let previous = if case .round(let round) = role, round > 1 { 1 } else { 0 }
        let input = try FoldInputs(inputs, fold: fold, sampled: sampled, extra: previous)
        try context.checkCancellation()
        let fitting = ModelFitting(model: model, fold: fold, context: context, side: input.sideInformation)
        // Only the final fit's members are exported; a test fold's keep theirs only to rank every item.
        let keep = fold == Lowering.finalFold || keepsModel
        switch (role, method) {
        case (.resample, .bagging(_, _, let fraction)):
            return try resampled(input, fraction: fraction, fitting: fitting, seed: context.seed, keep: keep)
        case (.part(let part, let parts), .stacking(let plan)):
            let held = StackingParts.held(
                part: part, of: parts, source: plan.source, rows: input.trainRows,
                seed: context.pipelineSeed, fold: fold)
            return try heldOut(input, held: held, fitting: fitting, keep: keep)
        case (.round(let round), .boosting(let plan)):
            let state = try input.rest.first.map(BoostingState.init)
            let (next, model) = try BoostingRound(
                plan: plan, round: round, input: input, fitting: fitting, seed: context.seed, keep: keep
            ).run(after: state)
            guard case .record(var fields) = next.artifact else { throw StageError.malformedInput("boosting round") }
            if let model { fields["model"] = .bytes(model) }
            return .record(fields)
        default:
            throw StageError(.model, "fit node \(role) does not belong to this combine method")
        }
    }

    /// Trains on a bootstrap resample; predicts test, validation and the out-of-bag rows.
    private func resampled(
        _ input: FoldInputs, fraction: Double, fitting: ModelFitting, seed: UInt64, keep: Bool
    ) throws -> Artifact {
        let draw = Resampling.bootstrap(count: input.trainRows.count, fraction: fraction, seed: seed)
        let inBag = draw.inBag.map { input.trainRows[$0] }
        let outOfBag = draw.outOfBag.map { input.trainRows[$0] }
        let (predictor, model) = try fitting.fit(
            input.ratings.subset(inBag), scale: input.data.scale, keeping: keep, data: input.data)
        let parts = try fitting.predict(predictor, input.ratings, parts: [input.fold.test, input.fold.validation, outOfBag])
        var fields = PredictionsArtifact(parts[0], validation: parts[1]).fields
        if let model { fields["model"] = .bytes(model) }
        fields["heldRows"] = .indices(outOfBag)
        fields["held"] = .doubles(parts[2].values)
        return .record(fields)
    }

    /// Trains without the held rows; predicts them, the test and the validation rows.
    private func heldOut(_ input: FoldInputs, held: [Int], fitting: ModelFitting, keep: Bool) throws -> Artifact {
        let heldSet = Set(held)
        let train = input.trainRows.filter { !heldSet.contains($0) }
        let (predictor, model) = try fitting.fit(
            input.ratings.subset(train), scale: input.data.scale, keeping: keep, data: input.data)
        let parts = try fitting.predict(predictor, input.ratings, parts: [input.fold.test, input.fold.validation, held])
        var fields = PredictionsArtifact(parts[0], validation: parts[1]).fields
        if let model { fields["model"] = .bytes(model) }
        fields["heldRows"] = .indices(held)
        fields["held"] = .doubles(parts[2].values)
        return .record(fields)
    }
}

/// How stacking cuts a fold's training part into inner parts.
enum StackingParts {
    /// The rows of inner part `part`: the training rows shuffled by a generator
    /// of the pipeline seed and the fold (the same for every member), then
    /// dealt round-robin into `parts`; a holdout is the first share of them.
    static func held(part: Int, of parts: Int, source: StackingSource, rows: [Int], seed: UInt64, fold: Int) -> [Int] {
        var shuffled = rows
        var generator = SeededGenerator(seed: seed, label: "stacking.parts.\(fold)")
        generator.shuffle(&shuffled)
        switch source {
        case .holdout(let fraction):
            return Array(shuffled.prefix(Int((Double(rows.count) * fraction).rounded()))).sorted()
        case .crossValidation, .validation:
            return stride(from: part - 1, to: shuffled.count, by: max(parts, 1)).map { shuffled[$0] }.sorted()
        }
    }
}
