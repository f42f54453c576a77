import MLModels
import PipelineGraph

/// Makes an `Ensemble`'s members and combiner of a fold's fit and combine
/// artifacts, in the combine layout's order: what an export writes for the
/// final fold, and what ranks every item for an evaluation of `combined`.
struct EnsembleAssembly {
    let layout: CombineLayout

    /// The members in the combiner's order, and the combiner. `fits` are the
    /// member fits (`Lowering.memberFits`) followed by the refit members
    /// (`Lowering.refitMembers`); `combine` is the combine step's artifact, or
    /// nil for a single model answering alone.
    func members(_ fits: [Artifact], combine: Artifact?) throws -> ([EnsembleMember], EnsembleCombiner) {
        var combiner = EnsembleCombiner.linear(LinearCombination(weights: [1]))
        if let combine {
            guard case .bytes(let bytes)? = combine[field: "combiner"] else {
                throw StageError.malformedInput("the combine step's combiner")
            }
            combiner = try Self.decoding("the combiner") { () throws(ModelArtifactError) in
                try EnsembleCombiner(bytes: bytes)
            }
        }
        let inner = Lowering.memberFits(layout)
        let refit = Lowering.refitMembers(layout)
        guard fits.count == inner.count + refit.count else { throw StageError.malformedInput("the ensemble's members") }
        switch layout {
        case .predictions(let names):
            return (try zip(names, fits).map { try Self.member($0, [$1]) }, combiner)
        case .resampled:
            return (try zip(inner, fits).map { try Self.member("\($0.model) [\($0.role)]", [$1]) }, combiner)
        case .sequential:
            return try boostingMembers(inner, fits, combiner: combiner)
        case .outOfFold(let names, let parts, let refitted):
            if refitted { return (try zip(names, fits[inner.count...]).map { try Self.member($0, [$1]) }, combiner) }
            // Without a refit, each member's answer is the mean of its inner parts' models, as in the folds.
            let grouped = try names.indices.map { index in
                try Self.member(names[index], Array(fits[(index * parts)..<((index + 1) * parts)]))
            }
            return (grouped, combiner)
        }
    }

    /// The rounds up to the best one on validation, as the combine step keeps
    /// them: every round for gradient boosting; for AdaBoost.R2 the rounds that
    /// earned a weight, with the weights as they stood after the best round.
    private func boostingMembers(
        _ rounds: [(model: String, role: MemberRole)], _ fits: [Artifact], combiner: EnsembleCombiner
    ) throws -> ([EnsembleMember], EnsembleCombiner) {
        guard let last = fits.last else { throw StageError.malformedInput("boosting rounds") }
        let best = min(max(Int(last[field: "best"]?.doubleValue ?? 1), 1), fits.count)
        guard case .adaBoost = combiner else {
            return (
                try (0..<best).map { try Self.member("\(rounds[$0].model) [\(rounds[$0].role)]", [fits[$0]]) }, combiner
            )
        }
        var kept: [Int] = []
        var weights: [Double] = []
        for index in 0..<best {
            let after = fits[index][field: "memberWeights"]?.doubleArray ?? []
            if after.count > weights.count { kept.append(index) }
            weights = after
        }
        let members = try kept.map { try Self.member("\(rounds[$0].model) [\(rounds[$0].role)]", [fits[$0]]) }
        return (members, .adaBoost(weights: weights))
    }

    /// One member of the trained models the fit artifacts hold.
    static func member(_ name: String, _ fits: [Artifact]) throws -> EnsembleMember {
        let models = try fits.map { fit -> any LoadedModel in
            guard case .bytes(let bytes)? = fit[field: "model"] else {
                throw StageError(
                    .model,
                    "model '\(name)' has no trained model to answer with: only in-process kinds keep one, "
                        + "not a 'command' model, whose state lives in its own program's files")
            }
            return try decoding("the trained model of '\(name)'") { () throws(ModelArtifactError) in
                try LoadedModels.decode(bytes)
            }
        }
        return EnsembleMember(name: name, models: models)
    }

    static func decoding<T>(_ what: String, _ body: () throws(ModelArtifactError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw StageError(.model, "cannot read \(what): \(error.message)")
        }
    }
}
