import PipelineBasics

/// Every dimension of `search.space` must name a real, tunable parameter and
/// draw values it can take.
struct SearchSpaceChecks {
    let spec: PipelineSpec
    let search: SearchSpec
    let registry: KindRegistry
    let sink: DiagnosticSink

    static let roots = ["models", "combine", "sample"]

    func run() {
        if spec.models.isEmpty {
            // Every path into 'models' would fail too; the missing section is the one mistake.
            sink.error(
                .nothingToSearch, "'search' needs models to tune", at: search.method.position, hints: ["add a 'models:' section"])
            return
        }
        for dimension in search.space {
            guard let parameter = resolve(dimension.path) else { continue }
            check(dimension, against: parameter)
        }
        if search.configuration.parameters.descriptor.requirements.contains(.finiteSpace) {
            for dimension in search.space where !dimension.distribution.value.isFinite {
                sink.error(
                    .invalidSpace,
                    "\(search.method.value) search cannot enumerate '\(dimension.path.value)': \(dimension.distribution.value.messageText) is continuous",
                    at: dimension.distribution.position, hints: ["use choice(...) or int(a, b), or another search method"])
            }
        }
    }

    /// The descriptor a path such as `models.svd.lr` names, or an error.
    private func resolve(_ path: Located<String>) -> ParameterDescriptor? {
        let parts = path.value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let root = parts.first, Self.roots.contains(root) else {
            var hints = didYouMean(parts.first ?? "", among: Self.roots)
            hints.append("paths look like models.NAME.PARAM, combine.PARAM, combine.meta.PARAM or sample.PARAM")
            sink.error(.unknownPath, "cannot tune '\(path.value)'", at: path.position, hints: hints)
            return nil
        }
        switch (root, parts.count) {
        case ("models", 3):
            guard let model = spec.model(named: parts[1]) else {
                // Point at the model's name inside the path.
                var name = Located(parts[1], at: path.position)
                name.position.column += "models.".count
                SemanticChecks(spec: spec, registry: registry, sink: sink).unknownModel(
                    name, context: "search path '\(path.value)'")
                return nil
            }
            return parameter(
                parts[2], of: model.parameters.descriptor, owner: "model '\(parts[1])' (kind '\(model.kind.value)')", path: path)
        case ("combine", 2):
            guard let combine = spec.combine else { return missingSection("combine", path: path) }
            return parameter(
                parts[1], of: combine.configuration.parameters.descriptor, owner: "combine method '\(combine.method.value)'",
                path: path)
        case ("combine", 3) where parts[1] == "meta":
            guard let meta = spec.combine?.meta else { return missingSection("combine.meta", path: path) }
            return parameter(parts[2], of: meta.parameters.descriptor, owner: "meta-model '\(meta.kind.value)'", path: path)
        case ("sample", 2):
            guard let sample = spec.sample else { return missingSection("sample", path: path) }
            return parameter(
                parts[1], of: sample.parameters.descriptor, owner: "sampling method '\(sample.kind.value)'", path: path)
        default:
            sink.error(
                .unknownPath, "cannot tune '\(path.value)'", at: path.position,
                hints: ["paths look like models.NAME.PARAM, combine.PARAM, combine.meta.PARAM or sample.PARAM"])
            return nil
        }
    }

    private func missingSection(_ section: String, path: Located<String>) -> ParameterDescriptor? {
        let hint =
            switch section {
            case "combine.meta": "'meta' belongs to 'combine: {method: stacking, meta: {kind: ridge}}'"
            case "combine": "add a 'combine:' section, e.g. combine: {method: average}"
            default: "add a '\(section):' section"
            }
        sink.error(
            .unknownPath, "'\(path.value)' refers to '\(section)', which the pipeline does not have", at: path.position,
            hints: [hint])
        return nil
    }

    private func parameter(_ name: String, of kind: KindDescriptor, owner: String, path: Located<String>) -> ParameterDescriptor?
    {
        guard let parameter = kind.parameter(named: name) else {
            let tunable = kind.parameters.filter(\.isTunable).map(\.name)
            var hints = didYouMean(name, among: kind.parameterNames)
            if hints.isEmpty {
                hints = [
                    tunable.isEmpty
                        ? "\(owner) has no tunable parameters" : "tunable parameters: " + tunable.joined(separator: ", ")
                ]
            }
            sink.error(.unknownParameter, "\(owner) has no parameter '\(name)'", at: path.position, hints: hints)
            return nil
        }
        guard parameter.isTunable else {
            sink.error(
                .notTunable, "'\(name)' of \(owner) cannot be tuned", at: path.position,
                hints: ["tunable parameters: " + kind.parameters.filter(\.isTunable).map(\.name).joined(separator: ", ")])
            return nil
        }
        return parameter
    }

    private func check(_ dimension: SearchDimension, against parameter: ParameterDescriptor) {
        let distribution = dimension.distribution
        let path = dimension.path.value
        func fail(_ message: String, argument: Int? = nil, hints: [String] = []) {
            sink.error(
                .invalidSpace, message, at: argument.map(dimension.position(ofArgument:)) ?? distribution.position, hints: hints)
        }
        switch (parameter.type, distribution.value) {
        case (.int, .uniform), (.int, .logUniform):
            return fail(
                "'\(path)' is an integer, but \(distribution.value.messageText) draws real numbers",
                hints: ["use int(a, b) or int(a, b, log)"])
        case (.int, .choice(let values)) where values.contains { if case .int = $0 { false } else { true } }:
            let wrong = values.firstIndex { if case .int = $0 { false } else { true } }
            return fail("'\(path)' is an integer; every choice must be an integer", argument: wrong)
        case (.double, .choice(let values)) where values.contains { $0.number == nil }:
            return fail("'\(path)' is a number; every choice must be a number", argument: values.firstIndex { $0.number == nil })
        case (.bool, .choice(let values)) where values.contains { if case .bool = $0 { false } else { true } }:
            let wrong = values.firstIndex { if case .bool = $0 { false } else { true } }
            return fail("'\(path)' is true or false; choose among booleans", argument: wrong)
        case (.bool, _) where !isChoice(distribution.value):
            return fail("'\(path)' is true or false; use choice(true, false)")
        case (.choice(let options), .choice(let values)):
            for (index, value) in values.enumerated() where !options.contains(value.stringValue ?? "") {
                return fail(
                    "'\(path)' must be one of \(options.joined(separator: ", ")); \(value.expressionText) is not",
                    argument: index, hints: didYouMean(value.description, among: options))
            }
            return
        case (.choice(let options), _):
            return fail("'\(path)' is one of \(options.joined(separator: ", ")); use choice(...)")
        case (.string, _), (.path, _), (.stringList, _), (.numberPair, _), (.intList, _), (.choiceOrList, _):
            return fail("'\(path)' cannot be searched")
        default:
            break
        }
        if let bounds = parameter.bounds {
            // Numeric choices only get here, so the extremes line up with the arguments.
            for (index, value) in values(of: distribution.value).enumerated() where !bounds.contains(value) {
                return fail(
                    "'\(path)' must stay in \(bounds.text), but the space reaches \(formatNumberForMessage(value))",
                    argument: index)
            }
        }
    }

    private func isChoice(_ distribution: Distribution) -> Bool {
        if case .choice = distribution { return true }
        return false
    }

    /// The extreme values a distribution can produce.
    private func values(of distribution: Distribution) -> [Double] {
        switch distribution {
        case .uniform(let low, let high), .logUniform(let low, let high): [low, high]
        case .int(let low, let high, _): [Double(low), Double(high)]
        case .choice(let values): values.compactMap(\.number)
        }
    }
}
