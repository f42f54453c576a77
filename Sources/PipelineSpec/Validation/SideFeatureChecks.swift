import PipelineBasics

/// Checks each model's `features:` against `data:`: `users.NAME` and
/// `items.NAME` name an attribute of a declared table, `context.NAME` a
/// context the ratings' time column gives.
struct SideFeatureChecks {
    let spec: PipelineSpec
    let sink: DiagnosticSink

    func run() {
        for model in spec.models {
            var seen: Set<String> = []
            for feature in model.sideFeatures {
                if !seen.insert(feature.text.value).inserted {
                    sink.error(
                        .unknownFeature, "model '\(model.name.value)' lists feature '\(feature.text.value)' twice",
                        at: feature.text.position, hints: ["list each feature once"])
                    continue
                }
                check(feature, of: model)
            }
        }
    }

    private func check(_ feature: SideFeatureReference, of model: ModelSpec) {
        let text = feature.text.value, position = feature.text.position
        let what = "feature '\(text)' of model '\(model.name.value)'"
        if let entity = feature.entity, let name = feature.name {
            guard let table = spec.attributeSource(entity)?.origin.attributes else {
                sink.error(
                    .unknownFeature,
                    "\(what) reads attributes of \(entity.rawValue), but 'data' has no '\(entity.rawValue)' table",
                    at: position,
                    hints: [
                        "add e.g. data: {\(entity.rawValue): {path: data/\(entity.rawValue).csv, id: id, attributes: {\(name): \(name)}}}"
                    ])
                return
            }
            if table.attribute(named: name) == nil {
                let names = table.attributes.map(\.name.value)
                var hints = suggestions(for: name, among: names).map { "did you mean '\(entity.rawValue).\($0)'?" }
                if hints.isEmpty { hints = ["'\(entity.rawValue)' declares: " + names.joined(separator: ", ")] }
                sink.error(
                    .unknownFeature, "\(what): '\(entity.rawValue)' declares no attribute '\(name)'", at: position, hints: hints)
            }
            return
        }
        if feature.context != nil {
            if let source = spec.trainingSource, !source.hasTime {
                sink.error(
                    .missingColumn, "\(what) is derived from the ratings' time, and data source '\(source.name.value)' has none",
                    at: position, hints: ["add 'time: COLUMN' under its 'columns'"])
            }
            return
        }
        let contexts = SideFeatureReference.Context.allCases.map { "context.\($0.rawValue)" }
        let hint =
            "write users.NAME or items.NAME (an attribute of data: users or items), or one of " + contexts.joined(separator: ", ")
        sink.error(
            .unknownFeature, "\(what) is not a side feature", at: position,
            hints: didYouMean(text, among: contexts).isEmpty ? [hint] : didYouMean(text, among: contexts) + [hint])
    }
}
