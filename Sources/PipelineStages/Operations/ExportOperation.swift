import ArtifactCache
import MLCore
import MLModels
import PipelineGraph
import PipelineSpec

/// Makes one model file of the final fit on all the data: the members'
/// trained models, the combiner learned on the final fold, the id tables,
/// what each user rated, and where it all came from (the pipeline, its
/// configuration, the data's hash and the metrics of the run that validated
/// it). Before it answers, the file is read back and must reproduce the
/// final combine step's validation predictions.
struct ExportOperation: PipelineOperation {
    let pipelineName: String
    let layout: Lowering.ExportLayout
    let combine: CombineSpec?
    /// The member models' specs, for the file's configuration.
    let models: [ModelSpec]

    var name: String { "export" }
    var version: Int { 1 }
    var usesSeed: Bool { false }

    var configuration: ConfigValue {
        var members: [String: ConfigValue] = [:]
        for model in models {
            if case .object(let fields) = ConfigValue.model(model), case .object(let named)? = fields["models"] {
                members.merge(named) { first, _ in first }
            }
        }
        var fields: [String: ConfigValue] = ["pipeline": .string(pipelineName), "models": .object(members)]
        if let combine {
            var combination = ConfigValue.kind(combine.configuration, key: "method")
            if case .object(var settings) = combination, let meta = combine.meta {
                settings["meta"] = .kind(meta, key: "kind")
                combination = .object(settings)
            }
            fields["combine"] = combination
        }
        return .object(fields)
    }

    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        let fixed = layout.combined ? 4 : 3
        guard inputs.count > fixed else { throw StageError.malformedInput("export") }
        let data = try RatingsArtifact(inputs[0])
        let fold = try FoldsArtifact(inputs[1]).fold(Lowering.finalFold)
        let combineArtifact = layout.combined ? inputs[3] : nil
        let fits = Array(inputs[fixed...])
        let (members, combiner) = try self.members(fits, combine: combineArtifact)
        let ensemble: Ensemble
        do {
            ensemble = try Ensemble(
                members: members, combiner: combiner,
                identifiers: ModelIdentifiers(users: data.userIDs, items: data.itemIDs), scale: data.scale,
                rated: RatedItems(data.ratings), latestTime: data.ratings.times?.max() ?? 0)
        } catch {
            throw StageError(.model, "cannot assemble the exported ensemble: \(error.message)")
        }
        let bytes = EnsembleFile.encode(ensemble, provenance: try provenance(inputs[2], data: inputs[0]))
        try check(bytes, data: data, fold: fold, expected: combineArtifact ?? fits[0])
        return .record(["file": .bytes(bytes)])
    }

    /// The members in the combiner's order, and the combiner.
    private func members(_ fits: [Artifact], combine: Artifact?) throws -> ([EnsembleMember], EnsembleCombiner) {
        var combiner = EnsembleCombiner.linear(LinearCombination(weights: [1]))
        if let combine {
            guard case .bytes(let bytes)? = combine[field: "combiner"] else {
                throw StageError.malformedInput("the final combine step's combiner")
            }
            combiner = try decoding("the combiner") { () throws(ModelArtifactError) in try EnsembleCombiner(bytes: bytes) }
        }
        let inner = Lowering.memberFits(layout.layout)
        let refit = Lowering.refitMembers(layout.layout)
        guard fits.count == inner.count + refit.count else { throw StageError.malformedInput("export members") }
        switch layout.layout {
        case .predictions(let names):
            return (try zip(names, fits).map { try member($0, [$1]) }, combiner)
        case .resampled:
            return (try zip(inner, fits).map { try member("\($0.model) [\($0.role)]", [$1]) }, combiner)
        case .sequential:
            return try boostingMembers(inner, fits, combiner: combiner)
        case .outOfFold(let names, let parts, let refitted):
            if refitted { return (try zip(names, fits[inner.count...]).map { try member($0, [$1]) }, combiner) }
            // Without a refit, each member's answer is the mean of its inner parts' models, as in the folds.
            let grouped = try names.indices.map { index in
                try member(names[index], Array(fits[(index * parts)..<((index + 1) * parts)]))
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
            return (try (0..<best).map { try member("\(rounds[$0].model) [\(rounds[$0].role)]", [fits[$0]]) }, combiner)
        }
        var kept: [Int] = []
        var weights: [Double] = []
        for index in 0..<best {
            let after = fits[index][field: "memberWeights"]?.doubleArray ?? []
            if after.count > weights.count { kept.append(index) }
            weights = after
        }
        let members = try kept.map { try member("\(rounds[$0].model) [\(rounds[$0].role)]", [fits[$0]]) }
        return (members, .adaBoost(weights: weights))
    }

    private func member(_ name: String, _ fits: [Artifact]) throws -> EnsembleMember {
        let models = try fits.map { fit -> any LoadedModel in
            guard case .bytes(let bytes)? = fit[field: "model"] else {
                throw StageError(
                    .model,
                    "member '\(name)' has no trained model to export: only in-process kinds can be exported, "
                        + "not a 'command' model, whose state lives in its own program's files")
            }
            return try decoding("the trained model of '\(name)'") { () throws(ModelArtifactError) in
                try LoadedModels.decode(bytes)
            }
        }
        return EnsembleMember(name: name, models: models)
    }

    private func provenance(_ summary: Artifact, data: Artifact) throws -> EnsembleProvenance {
        guard let text = summary.stringValue, let results = PipelineResults.decode(text) else {
            throw StageError.malformedInput("the results")
        }
        let target = layout.combined ? Lowering.combinedTarget : (models.first?.name.value ?? "")
        let statistics = results.models.first { $0.name == target }?.metrics ?? [:]
        let metrics = results.metrics.compactMap { name in statistics[name].map { (name: name, value: $0.mean) } }
        return EnsembleProvenance(
            pipeline: pipelineName, configuration: configuration.canonicalText,
            dataFingerprint: ContentHash.of(data.encoded()), target: target, metrics: metrics)
    }

    /// Reads the file back and asks it for the final fold's validation rows:
    /// the answers must be the ones the pipeline's own combine step gave.
    private func check(_ bytes: [UInt8], data: RatingsArtifact, fold: Fold, expected: Artifact) throws {
        let (ensemble, _) = try decoding("the exported file") { () throws(ModelArtifactError) in
            try EnsembleFile.decode(bytes)
        }
        let rows = fold.validation
        guard !rows.isEmpty else { return }
        let expectedValues = try PredictionsArtifact(expected).validation
        let answers = ensemble.predict(
            users: rows.map { data.userIDs[Int(data.ratings.users[$0])] },
            items: rows.map { data.itemIDs[Int(data.ratings.items[$0])] },
            times: data.ratings.times.map { times in rows.map { times[$0] } })
        for (answer, value) in zip(answers.values, expectedValues) where abs(answer - value) > 1e-9 * max(1, abs(value)) {
            throw StageError(
                .model,
                "the exported ensemble predicts \(answer) where the pipeline's final combine step predicted \(value); "
                    + "the file was not written")
        }
    }

    private func decoding<T>(_ what: String, _ body: () throws(ModelArtifactError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw StageError(.model, "cannot read \(what): \(error.message)")
        }
    }
}
