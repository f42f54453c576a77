import PipelineBasics

/// Checks that need the whole spec: references between sections, the search
/// space against the registry, gates against the metrics, stage graphs.
/// They run only on a spec that decoded without errors.
struct SemanticChecks {
    let spec: PipelineSpec
    let registry: KindRegistry
    let sink: DiagnosticSink

    func run() {
        checkData()
        checkSample()
        checkCombine()
        checkEvaluate()
        if let search = spec.search { SearchSpaceChecks(spec: spec, search: search, registry: registry, sink: sink).run() }
        StageGraphChecks(spec: spec, sink: sink).run()
    }

    private var modelNames: [String] { spec.models.map(\.name.value) }

    private func checkData() {
        guard let first = spec.models.first else {
            if let evaluate = spec.evaluate {
                sink.error(
                    .nothingToEvaluate, "'evaluate' needs at least one model",
                    at: evaluate.metrics.first?.position ?? spec.version.position,
                    hints: ["add a 'models:' section"])
            }
            return
        }
        guard !spec.data.isEmpty else {
            sink.error(
                .missingData, "models need a data source, and 'data' is missing", at: first.name.position,
                hints: ["add e.g. data: {ratings: {synthetic: {users: 500, items: 300, ratings: 20000}}}"])
            return
        }
        guard let source = spec.trainingSource else {
            sink.error(
                .ambiguousData, "several data sources and none is named 'ratings'", at: spec.data[0].name.position,
                hints: ["name the source the models train on 'ratings'"])
            return
        }
        if let split = spec.split { checkColumns(of: split, category: "split method", source: source) }
        if let sample = spec.sample { checkColumns(of: sample, category: "sampling method", source: source) }
    }

    /// The columns a kind requires of the training source.
    private func checkColumns(of configuration: KindConfiguration, category: String, source: DataSourceSpec) {
        let requirements = configuration.parameters.descriptor.requirements
        let method = configuration.kind.value
        if requirements.contains(.timeColumn) && !source.hasTime {
            sink.error(
                .missingColumn, "\(category) '\(method)' needs a time column in data source '\(source.name.value)'",
                at: configuration.kind.position, hints: ["add 'time: COLUMN' under its 'columns'"])
        }
        if requirements.contains(.groupColumn) && !source.hasGroup {
            sink.error(
                .missingColumn, "\(category) '\(method)' needs a group column in data source '\(source.name.value)'",
                at: configuration.kind.position,
                hints: ["add 'group: COLUMN' under its 'columns'; each distinct value is one test fold"])
        }
    }

    private func checkSample() {
        guard let sample = spec.sample else { return }
        let written = Set(sample.parameters.written.keys)
        let method = sample.kind.value
        let needs = sample.parameters.descriptor.exactlyOneOf
        guard !needs.isEmpty else { return }
        let given = needs.filter(written.contains)
        if given.isEmpty {
            sink.error(
                .missingKey, "sampling method '\(method)' needs " + needs.map { "'\($0)'" }.joined(separator: " or "),
                at: sample.kind.position, hints: ["e.g. \(needs[0]): \(needs[0] == "size" ? "10000" : "0.5")"])
        } else if given.count > 1 {
            let second = sample.parameters.written[given[1]]?.position ?? sample.kind.position
            sink.error(.conflictingKeys, "sampling method '\(method)' takes '\(given[0])' or '\(given[1])', not both", at: second)
        }
    }

    private func checkCombine() {
        guard let combine = spec.combine else { return }
        if spec.models.isEmpty {
            sink.error(
                .nothingToCombine, "'combine' needs models to combine", at: combine.method.position,
                hints: ["add a 'models:' section"])
        }
        var listed: [String: SourcePosition] = [:]
        // Without models every listed name would be unknown: the missing section is the one mistake.
        for name in combine.models where !spec.models.isEmpty {
            if let first = listed[name.value] {
                sink.error(
                    .duplicateModel, "model '\(name.value)' is listed twice in 'combine.models'", at: name.position,
                    notes: ["first listed at line \(first.line), column \(first.column)"], hints: ["remove one of the two"])
                continue
            }
            listed[name.value] = name.position
            if !modelNames.contains(name.value) { unknownModel(name, context: "'combine.models'") }
        }

        let method = combine.method.value
        if combine.configuration.parameters.descriptor.requirements.contains(.validationPart) {
            let validation = spec.split?.parameters["validation"]?.number ?? 0
            if validation <= 0 {
                let hint =
                    spec.split == nil ? "add e.g. split: {method: holdout, validation: 0.1}" : "add 'validation: 0.1' to 'split'"
                sink.error(
                    .needsValidation, "combine method '\(method)' learns from a validation part, but 'split.validation' is 0",
                    at: combine.method.position, hints: [hint])
            }
        }
    }

    func unknownModel(_ name: Located<String>, context: String) {
        var hints = didYouMean(name.value, among: modelNames)
        if hints.isEmpty {
            hints = modelNames.isEmpty ? ["no models are defined"] : ["models: " + modelNames.joined(separator: ", ")]
        }
        sink.error(.unknownModel, "unknown model '\(name.value)' in \(context)", at: name.position, hints: hints)
    }

    private func checkEvaluate() {
        let computed = spec.evaluate?.metrics.map(\.value) ?? [.rmse]
        let listed = computed.map(\.description).joined(separator: ", ")
        for gate in spec.evaluate?.gates ?? [] where !computed.contains(gate.metric.value) {
            sink.error(
                .unknownMetric, "gate on '\(gate.metric.value)', which 'evaluate.metrics' does not compute",
                at: gate.metric.position,
                hints: didYouMean(gate.metric.value.description, among: computed.map(\.description))
                    + ["add '\(gate.metric.value)' to 'evaluate.metrics' (now: \(listed))"])
        }
        if let objective = spec.search?.objective.metric, !computed.contains(objective.value) {
            guard spec.evaluate != nil else {
                sink.error(
                    .unknownMetric,
                    "search objective '\(objective.value)' is not computed: there is no 'evaluate' section, and by default only rmse is computed",
                    at: objective.position, hints: ["add evaluate: {metrics: [\(objective.value)]}, or use objective: rmse"])
                return
            }
            sink.error(
                .unknownMetric, "search objective '\(objective.value)' is not computed by 'evaluate.metrics'",
                at: objective.position,
                hints: didYouMean(objective.value.description, among: computed.map(\.description))
                    + ["add '\(objective.value)' to 'evaluate.metrics' (now: \(listed))"])
        }
    }
}
