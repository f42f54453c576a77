import PipelineBasics

/// Checks that need the whole spec: references between sections, the search
/// space against the registry, gates against the metrics, stage graphs.
/// They run only on a spec that decoded without errors.
struct SemanticChecks {
    let spec: PipelineSpec
    let registry: KindRegistry
    let sink: DiagnosticSink

    func run() {
        // The output checks look at the file system: they run beside the others,
        // and their diagnostics come last, as if they had run after them.
        let spec = spec
        let outputChecks = Concurrent { () -> [Diagnostic] in
            let own = DiagnosticSink()
            StageOutputChecks(spec: spec, sink: own).run()
            return own.diagnostics
        }
        checkData()
        checkSample()
        checkCombine()
        checkSearch()
        checkEvaluate()
        checkIncremental()
        checkOnline()
        SideFeatureChecks(spec: spec, sink: sink).run()
        if let search = spec.search { SearchSpaceChecks(spec: spec, search: search, registry: registry, sink: sink).run() }
        StageGraphChecks(spec: spec, sink: sink).run()
        for diagnostic in outputChecks.value() { sink.report(diagnostic) }
    }

    private var modelNames: [String] { spec.models.map(\.name.value) }

    private var isEventStream: Bool { spec.isEventStream }

    /// `online:` belongs to an event stream, and an event stream's combiner learns online.
    private func checkOnline() {
        if !isEventStream {
            for model in spec.models {
                guard let online = model.online else { continue }
                sink.error(
                    .conflictingKeys, "model '\(model.name.value)' learns online, but the split does not go rating by rating",
                    at: online.position,
                    hints: ["use 'split: {method: prequential, granularity: event}', or leave 'online' out"])
            }
            return
        }
        guard let combine = spec.combine else { return }
        let method = combine.method.value
        guard method == "average" || method == "weighted" else {
            sink.error(
                .conflictingKeys,
                "combine method '\(method)' cannot learn rating by rating; with 'granularity: event' the combiner learns online",
                at: combine.method.position,
                hints: ["use 'average', or 'weighted' (weights that follow each member's recent error)"])
            return
        }
        if let window = combine.configuration.parameters.written["window"] {
            sink.error(
                .conflictingKeys, "'window' does not apply to an event stream: the online weights change with every rating",
                at: window.position, hints: ["set how fast they follow the members' errors with 'half_life' instead"])
        }
    }

    /// A model learns incrementally from partition to partition: only a split that goes step by step has them.
    private func checkIncremental() {
        let stepwise =
            spec.split.map { $0.parameters.descriptor.requirements(written: $0.writtenKeys).contains(.partitions) } ?? false
        for model in spec.models {
            guard let incremental = model.incremental, !stepwise else { continue }
            sink.error(
                .conflictingKeys, "model '\(model.name.value)' learns incrementally, but the split does not go step by step",
                at: incremental.position,
                hints: ["use 'split: {method: prequential}' over a source of several files, or leave 'incremental' out"])
        }
    }

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
        if let split = spec.split {
            checkColumns(of: split, category: "split method", written: split.writtenKeys, source: source)
        }
        if let sample = spec.sample {
            checkColumns(of: sample, category: "sampling method", written: sample.writtenKeys, source: source)
        }
        if let combine = spec.combine {
            checkColumns(of: combine.configuration, category: "combine method", written: combine.writtenKeys, source: source)
        }
        for model in spec.models {
            checkColumns(
                of: model.configuration, category: "model kind", written: model.configuration.writtenKeys, source: source)
        }
    }

    /// The columns a kind requires of the training source.
    private func checkColumns(of configuration: KindConfiguration, category: String, written: Set<String>, source: DataSourceSpec)
    {
        let requirements = configuration.parameters.descriptor.requirements(written: written)
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
        if requirements.contains(.partitions) && !(source.origin.file.map { !$0.partitions.isEmpty || $0.pathIsGlob } ?? false) {
            sink.error(
                .missingColumn,
                "\(category) '\(method)' needs data source '\(source.name.value)' to be read from several files, in order",
                at: configuration.kind.position,
                hints: ["write 'partitions: [FILE, ...]' in the order the files arrived, or a glob such as 'path: data/*.csv'"])
        }
    }

    private func checkSample() {
        guard let sample = spec.sample else { return }
        checkExclusiveParameters(of: sample, category: "sampling method")
    }

    /// `exactlyOneOf` and `atMostOneOf` of a kind against what the file wrote.
    private func checkExclusiveParameters(of configuration: KindConfiguration, category: String) {
        let written = Set(configuration.parameters.written.keys)
        let method = configuration.kind.value
        let descriptor = configuration.parameters.descriptor
        let needs = descriptor.exactlyOneOf
        if !needs.isEmpty {
            let given = needs.filter(written.contains)
            if given.isEmpty {
                sink.error(
                    .missingKey, "\(category) '\(method)' needs " + needs.map { "'\($0)'" }.joined(separator: " or "),
                    at: configuration.kind.position, hints: ["e.g. \(needs[0]): \(needs[0] == "size" ? "10000" : "0.5")"])
            } else if given.count > 1 {
                conflicting(given, in: configuration, category: category)
            }
        }
        let given = descriptor.atMostOneOf.filter(written.contains)
        if given.count > 1 { conflicting(given, in: configuration, category: category) }
    }

    private func conflicting(_ given: [String], in configuration: KindConfiguration, category: String) {
        let second = configuration.parameters.written[given[1]]?.position ?? configuration.kind.position
        sink.error(
            .conflictingKeys, "\(category) '\(configuration.kind.value)' takes '\(given[0])' or '\(given[1])', not both",
            at: second)
    }

    private func checkCombine() {
        guard let combine = spec.combine else { return }
        if spec.models.isEmpty {
            sink.error(
                .nothingToCombine, "'combine' needs models to combine", at: combine.method.position,
                hints: ["add a 'models:' section"])
            // Without models every named model would be unknown: the missing section is the one mistake.
            return
        }
        checkExclusiveParameters(of: combine.configuration, category: "combine method")
        var listed: [String: SourcePosition] = [:]
        for name in combine.members {
            if let first = listed[name.value] {
                sink.error(
                    .duplicateModel, "model '\(name.value)' is listed twice in 'combine.members'", at: name.position,
                    notes: ["first listed at line \(first.line), column \(first.column)"], hints: ["remove one of the two"])
                continue
            }
            listed[name.value] = name.position
            if !modelNames.contains(name.value) { unknownModel(name, context: "'combine.members'") }
        }
        checkWeights(of: combine)
        checkModelReferences(in: combine.configuration, context: "'combine'")

        let method = combine.method.value
        let requirements = combine.configuration.parameters.descriptor.requirements(written: combine.writtenKeys)
        // An event stream's combiner learns online, from each rating; it needs no validation part.
        if requirements.contains(.validationPart) && !isEventStream {
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

    /// Fixed weights name combined members, each once, and give every member one.
    private func checkWeights(of combine: CombineSpec) {
        guard !combine.weights.isEmpty else { return }
        let members = combine.members.isEmpty ? modelNames : combine.members.map(\.value)
        var seen: Set<String> = []
        for entry in combine.weights {
            let name = entry.name
            if !modelNames.contains(name.value) {
                unknownModel(name, context: "'combine.weights'")
            } else if !members.contains(name.value) {
                sink.error(
                    .unknownModel, "'combine.weights' gives a weight to '\(name.value)', which 'combine.members' leaves out",
                    at: name.position, hints: ["add it to 'members', or remove its weight"])
            }
            seen.insert(name.value)
        }
        let missing = members.filter { !seen.contains($0) }
        if !missing.isEmpty {
            sink.error(
                .missingKey, "'combine.weights' gives no weight to " + missing.map { "'\($0)'" }.joined(separator: ", "),
                at: combine.weights[0].name.position, hints: ["give every combined model a weight (0 leaves it out)"])
        }
        if combine.weights.allSatisfy({ $0.weight.value == 0 }) {
            sink.error(
                .outOfBounds, "'combine.weights' are all 0", at: combine.weights[0].weight.position,
                hints: ["give at least one model a positive weight"])
        }
    }

    /// Parameters that name models (`of: svd`) name models of `models:`.
    private func checkModelReferences(in configuration: KindConfiguration, context: String) {
        for parameter in configuration.parameters.descriptor.parameters {
            guard parameter.type == .modelName || parameter.type == .modelNames,
                let written = configuration.parameters.written[parameter.name]
            else { continue }
            let names: [String] =
                switch written.value {
                case .string(let name): [name]
                case .list(let values): values.compactMap(\.stringValue)
                default: []
                }
            for name in names where !modelNames.contains(name) {
                unknownModel(Located(name, at: written.position), context: "'\(parameter.name)' in \(context)")
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

    /// A search optimises a metric on the inner validation part, so there must be one.
    private func checkSearch() {
        // Without models, 'search needs models' is the one mistake.
        guard let search = spec.search, !spec.models.isEmpty else { return }
        let requirements = search.configuration.parameters.descriptor.requirements(written: search.configuration.writtenKeys)
        guard requirements.contains(.validationPart), (spec.split?.parameters["validation"]?.number ?? 0) <= 0 else { return }
        let hint =
            spec.split == nil ? "add e.g. split: {method: kfold, folds: 5, validation: 0.1}" : "add 'validation: 0.1' to 'split'"
        sink.error(
            .needsValidation,
            "search method '\(search.method.value)' scores configurations on a validation part, but 'split.validation' is 0",
            at: search.method.position, hints: [hint])
    }

    private func checkEvaluate() {
        checkCandidates()
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

    /// `candidates: all` asks each fold's trained models to score every item.
    private func checkCandidates() {
        guard let evaluate = spec.evaluate, let candidates = evaluate.candidates, candidates.value == .all else { return }
        if !evaluate.metrics.contains(where: { !$0.value.lowerIsBetter }) {
            sink.warning(
                .nothingToEvaluate, "'candidates: all' changes how ranking metrics rank, and 'evaluate.metrics' lists none",
                at: candidates.position, hints: ["add a ranking metric, e.g. metrics: [rmse, ndcg@10, recall@10]"])
        }
        if isEventStream {
            sink.error(
                .conflictingKeys, "'candidates: all' cannot rank on an event stream: each rating is predicted as it arrives",
                at: candidates.position, hints: ["leave 'candidates' out, or evaluate with a split such as kfold"])
        }
        for model in spec.models where model.kind.value == "command" {
            sink.error(
                .conflictingKeys,
                "'candidates: all' needs every model to score the whole catalogue, and model '\(model.name.value)' is a 'command' model, which predicts only the pairs it is given",
                at: candidates.position, notes: ["model '\(model.name.value)' is at \(model.name.position)"],
                hints: ["leave 'candidates' out to rank each user's test items, or drop the command model"])
        }
    }
}
