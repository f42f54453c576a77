import PipelineBasics

/// Reads sections that name a registered kind (`kind: mf`, `method: kfold`)
/// and checks their parameters against the kind's descriptor.
struct KindDecoder {
    let sink: DiagnosticSink

    /// Names other libraries use for kinds mass spells differently.
    static let commonNames = [
        "svd": "mf", "funk-svd": "mf", "svd++": "svdpp", "mean": "average", "bayesian": "bayes",
        "k-fold": "kfold", "cv": "kfold", "bootstrap": "bagging",
    ]
    var reading: ScalarReading { ScalarReading(sink: sink) }

    /// - Parameters:
    ///   - kindKey: the key naming the kind (`kind` or `method`).
    ///   - category: how kinds are named in messages ("model kind").
    ///   - extraKeys: keys the section takes besides the kind and its parameters.
    ///   - defaultKind: used when `kindKey` is absent; `nil` makes it required.
    func decode(
        _ reader: MappingReader, kindKey: String, category: String, kinds: [KindDescriptor],
        extraKeys: [String] = [], defaultKind: String? = nil
    ) -> KindConfiguration? {
        let kindName: Located<String>
        if let node = reader[kindKey] {
            guard let name = reading.string(node, "'\(kindKey)' in \(reader.context)") else { return nil }
            kindName = name
        } else if let defaultKind {
            kindName = Located(defaultKind, at: reader.position)
        } else {
            if let typo = reader.misspelling(of: kindKey) {
                sink.error(
                    .unknownKey, "unknown key '\(typo.key.value)' in \(reader.context)", at: typo.key.position,
                    hints: ["did you mean '\(kindKey)'?"])
            } else {
                _ = reader.required(
                    kindKey,
                    hint: kinds.isEmpty
                        ? "this version of mass runs no \(category)"
                        : "known \(category)s: " + kinds.map(\.name).joined(separator: ", "))
            }
            return nil
        }
        guard let descriptor = kinds.first(where: { $0.name == kindName.value }) else {
            let names = kinds.map(\.name)
            var hints = didYouMean(kindName.value, among: names)
            if hints.isEmpty, let known = Self.commonNames[kindName.value.lowercased()], names.contains(known) {
                hints = ["did you mean '\(known)'?"]
            }
            hints.append(
                names.isEmpty
                    ? "this version of mass runs no \(category)" : "known \(category)s: " + names.joined(separator: ", "))
            sink.error(.unknownKind, "unknown \(category) '\(kindName.value)'", at: kindName.position, hints: hints)
            return nil
        }
        let allowed = [kindKey] + extraKeys + descriptor.sections + descriptor.parameterNames
        for entry in reader.entries where !allowed.contains(entry.key.value) {
            var hints = didYouMean(entry.key.value, among: allowed)
            let owners = kinds.filter { $0.parameter(named: entry.key.value) != nil || $0.sections.contains(entry.key.value) }
                .map { "'\($0.name)'" }
            if hints.isEmpty, !owners.isEmpty {
                let list =
                    owners.count == 1 ? owners[0] : owners.dropLast().joined(separator: ", ") + " and " + owners[owners.count - 1]
                hints = ["'\(entry.key.value)' belongs to \(category)\(owners.count == 1 ? "" : "s") \(list)"]
            }
            if hints.isEmpty {
                hints =
                    descriptor.parameters.isEmpty
                    ? ["\(category) '\(descriptor.name)' takes no parameters"]
                    : ["\(category) '\(descriptor.name)' takes: " + descriptor.parameterNames.joined(separator: ", ")]
            }
            sink.error(.unknownKey, "unknown key '\(entry.key.value)' in \(reader.context)", at: entry.key.position, hints: hints)
        }
        var written: [String: Located<ParameterValue>] = [:]
        for parameter in descriptor.parameters {
            guard let node = reader[parameter.name] else {
                if parameter.isRequired && reader.misspelling(of: parameter.name) == nil {
                    sink.error(
                        .missingKey, "missing required key '\(parameter.name)' in \(reader.context)",
                        at: reader.missingKeyPosition,
                        hints: ["\(parameter.name): \(parameter.summary)"])
                }
                continue
            }
            if let value = parameterValue(node, parameter, what: "'\(parameter.name)' in \(reader.context)") {
                written[parameter.name] = value
            }
        }
        return KindConfiguration(kind: kindName, parameters: ParameterSet(descriptor: descriptor, written: written))
    }

    /// A word of a fixed set, or an error with the closest words.
    private func word(_ text: Located<String>, of options: [String], node: ConfigNode, what: String) -> Located<String>? {
        guard options.contains(text.value) else {
            var hints = didYouMean(text.value, among: options)
            if hints.isEmpty { hints = ["use one of: " + options.joined(separator: ", ")] }
            sink.error(
                .invalidValue,
                "\(what) must be one of " + options.map { "'\($0)'" }.joined(separator: ", ") + ", found '\(text.value)'",
                at: text.position, notes: reading.originNotes(node), hints: hints)
            return nil
        }
        return text
    }

    /// `30d`, `86400` or `{rows: 5000}`.
    private func duration(_ node: ConfigNode, _ parameter: ParameterDescriptor, what: String) -> Located<ParameterValue>? {
        if let number = reading.number(node) {
            guard let value = number.number, value > 0, value.isFinite else {
                sink.error(
                    .outOfBounds, "\(what) must be a positive duration, found \(reading.written(node, number.number ?? 0))",
                    at: node.position)
                return nil
            }
            return Located(number, at: node.position)
        }
        guard let text = reading.string(node, what) else { return nil }
        guard TimeLimit(parameterValue: .string(text.value)) != nil else {
            sink.error(
                .invalidValue, "\(what) must be \(parameter.type.name), found '\(text.value)'", at: text.position,
                notes: reading.originNotes(node), hints: ["write e.g. 45s, 10m, 2h or 600"])
            return nil
        }
        return text.map(ParameterValue.string)
    }

    private func window(_ node: ConfigNode, _ parameter: ParameterDescriptor, what: String) -> Located<ParameterValue>? {
        if case .mapping = node {
            guard let reader = MappingReader(node, context: what, sink: sink) else { return nil }
            reader.rejectUnknownKeys(allowed: ["rows"])
            guard let rowsNode = reader.required("rows", hint: "e.g. {rows: 5000}"),
                let rows = reading.int(rowsNode, "'rows' in \(what)")
            else { return nil }
            guard rows.value >= 2 else {
                sink.error(.outOfBounds, "'rows' in \(what) must be at least 2, found \(rows.value)", at: rows.position)
                return nil
            }
            return Located(.list([.string("rows"), .int(rows.value)]), at: node.position)
        }
        if let number = reading.number(node) {
            guard let value = number.number, value > 0 else {
                sink.error(
                    .outOfBounds, "\(what) must be a positive duration, found \(reading.written(node, number.number ?? 0))",
                    at: node.position)
                return nil
            }
            return Located(number, at: node.position)
        }
        guard let text = reading.string(node, what) else { return nil }
        guard WindowSize.parseDuration(text.value) != nil else {
            sink.error(
                .invalidValue, "\(what) must be \(parameter.type.name), found '\(text.value)'", at: text.position,
                notes: reading.originNotes(node), hints: ["write e.g. 30d, 12h, 86400 or {rows: 5000}"])
            return nil
        }
        return text.map(ParameterValue.string)
    }

    /// `N`, or `{patience: N, metric: word}`: the patience inside the
    /// parameter's bounds; the value is the patience alone, or [patience, metric].
    private func stoppingRule(_ node: ConfigNode, _ parameter: ParameterDescriptor, metrics: [String], what: String)
        -> Located<ParameterValue>?
    {
        let patienceParameter = ParameterDescriptor(parameter.name, .int, bounds: parameter.bounds, parameter.summary)
        guard case .mapping = node else { return parameterValue(node, patienceParameter, what: what) }
        guard let reader = MappingReader(node, context: what, sink: sink) else { return nil }
        reader.rejectUnknownKeys(allowed: ["patience", "metric"])
        guard let patienceNode = reader.required("patience", hint: "e.g. {patience: 3, metric: \(metrics.first ?? "")}"),
            let patience = parameterValue(patienceNode, patienceParameter, what: "'patience' in \(what)")
        else { return nil }
        guard let metricNode = reader["metric"] else { return Located(patience.value, at: node.position) }
        let metricParameter = ParameterDescriptor(parameter.name, .choice(metrics), parameter.summary)
        guard let metric = parameterValue(metricNode, metricParameter, what: "'metric' in \(what)") else { return nil }
        return Located(.list([patience.value, metric.value]), at: node.position)
    }

    /// A non-empty list of integers, each inside the parameter's bounds.
    private func intList(_ node: ConfigNode, _ parameter: ParameterDescriptor, what: String) -> Located<ParameterValue>? {
        guard case .sequence(let items, let position) = node, !items.isEmpty else {
            reading.mismatch(node, what, expected: "a non-empty list of integers")
            return nil
        }
        let element = ParameterDescriptor(parameter.name, .int, bounds: parameter.bounds, parameter.summary)
        let values = items.enumerated().compactMap { index, item in
            parameterValue(item, element, what: "\(what)[\(index)]")?.value
        }
        return values.count == items.count ? Located(.list(values), at: position) : nil
    }

    /// A value of the parameter's type, inside its bounds.
    func parameterValue(_ node: ConfigNode, _ parameter: ParameterDescriptor, what: String) -> Located<ParameterValue>? {
        let value: Located<ParameterValue>?
        switch parameter.type {
        case .int: value = reading.int(node, what)?.map(ParameterValue.int)
        case .double: value = reading.double(node, what)?.map(ParameterValue.double)
        case .bool: value = reading.bool(node, what)?.map(ParameterValue.bool)
        case .string, .path: value = reading.string(node, what)?.map(ParameterValue.string)
        case .choice(let options):
            if reading.reportedEmpty(node, what, options: options) { return nil }
            guard let text = reading.string(node, what), let word = word(text, of: options, node: node, what: what) else {
                return nil
            }
            value = word.map(ParameterValue.string)
        case .choiceList(let options):
            guard let strings = reading.stringList(node, what) else { return nil }
            let words = strings.compactMap { word($0, of: options, node: node, what: "each of \(what)") }
            guard words.count == strings.count else { return nil }
            value = Located(.list(words.map { .string($0.value) }), at: node.position)
        case .modelName:
            value = reading.string(node, what)?.map(ParameterValue.string)
        case .modelNames:
            if case .sequence = node {
                guard let strings = reading.stringList(node, what) else { return nil }
                value = Located(.list(strings.map { .string($0.value) }), at: node.position)
            } else {
                value = reading.string(node, what)?.map(ParameterValue.string)
            }
        case .window:
            value = window(node, parameter, what: what)
        case .duration:
            value = duration(node, parameter, what: what)
        case .stringList, .pathList:
            guard let strings = reading.stringList(node, what) else { return nil }
            value = Located(.list(strings.map { .string($0.value) }), at: node.position)
        case .numberPair:
            value = reading.numberPair(node, what)?.map { .list($0.map(ParameterValue.double)) }
        case .intList:
            return intList(node, parameter, what: what)
        case .stoppingRule(let metrics):
            return stoppingRule(node, parameter, metrics: metrics, what: what)
        case .choiceOrList(let options):
            if case .sequence = node {
                return parameterValue(
                    node, ParameterDescriptor(parameter.name, .choiceList(options), parameter.summary), what: what)
            }
            return parameterValue(node, ParameterDescriptor(parameter.name, .choice(options), parameter.summary), what: what)
        }
        guard let value else { return nil }
        if let bounds = parameter.bounds, let number = value.value.number, !bounds.contains(number) {
            let found = value.value.number.map { reading.written(node, $0) } ?? value.value.messageText
            sink.error(
                .outOfBounds, "\(what) must be in \(bounds.text), found \(found)", at: value.position,
                notes: reading.originNotes(node))
            return nil
        }
        return value
    }
}
