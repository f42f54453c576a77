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
        let (members, combiner) = try EnsembleAssembly(layout: layout.layout).members(fits, combine: combineArtifact)
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
        let (ensemble, _) = try EnsembleAssembly.decoding("the exported file") { () throws(ModelArtifactError) in
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
}
