import PipelineBasics

/// The `params:` section: named values that other sections reference with
/// `${params.NAME}` and that `-p` / `--params` override.
struct ParamsSection {
    struct Param {
        var name: Located<String>
        var value: ConfigNode
        /// Already reported (invalid name, refers to another param, wrong
        /// type): still declared, so its uses are silently poisoned rather
        /// than reported as undefined.
        var isInvalid = false
    }

    var params: [Param] = []

    /// Values for interpolation; an invalid param is a poisoned scalar.
    var nodesByName: [String: ConfigNode] {
        Dictionary(
            params.map { param in
                (param.name.value, param.isInvalid ? .scalar(.poisoned(at: param.value.position)) : param.value)
            }, uniquingKeysWith: { first, _ in first })
    }

    /// Reads the section; values may use `${env.X}` but not other params.
    static func read(_ node: ConfigNode?, sink: DiagnosticSink, environment: [String: String], sourceLines: [String] = [])
        -> ParamsSection
    {
        guard let node, let reader = MappingReader(node, context: "'params'", sink: sink) else { return ParamsSection() }
        var section = ParamsSection()
        var interpolator = Interpolator(params: [:], environment: environment, sink: sink, sourceLines: sourceLines)
        var seen: Set<String> = []
        for entry in reader.entries where seen.insert(entry.key.value).inserted {
            guard SpecDecoder.isValidName(entry.key.value) else {
                sink.error(
                    .invalidName, "invalid parameter name '\(entry.key.value)'", at: entry.key.position,
                    hints: ["names start with a letter and hold letters, digits, '_' and '-'"])
                section.params.append(Param(name: entry.key, value: entry.value, isInvalid: true))
                continue
            }
            if case .scalar(let scalar) = entry.value, scalar.text.contains("${params.") {
                sink.error(
                    .invalidInterpolation, "parameter '\(entry.key.value)' refers to another parameter", at: scalar.position,
                    hints: ["params may use ${env.NAME}; write the value itself here"])
                section.params.append(Param(name: entry.key, value: entry.value, isInvalid: true))
                continue
            }
            section.params.append(Param(name: entry.key, value: interpolator.apply(entry.value)))
        }
        return section
    }

    /// Replaces declared values by overrides; an override of an undeclared name is an error naming its flag.
    /// - Parameter file: named in the message when given, for commands that read several files.
    static func apply(_ overrides: ParameterOverrides, to section: inout ParamsSection, sink: DiagnosticSink, file: String? = nil)
    {
        for override in overrides.entries {
            guard let index = section.params.firstIndex(where: { $0.name.value == override.name.value }) else {
                let declared = section.params.map(\.name.value)
                var hints = didYouMean(override.name.value, among: declared)
                if hints.isEmpty {
                    hints =
                        declared.isEmpty
                        ? ["the pipeline declares no params"] : ["declared params: " + declared.joined(separator: ", ")]
                }
                let position =
                    override.name.position.isKnown
                    ? override.name.position : SourcePosition(file: override.flag, line: 0, column: 0)
                let place = file.map { " of \($0)" } ?? ""
                sink.error(
                    .undefinedParam, "no parameter '\(override.name.value)' in 'params'\(place)", at: position, hints: hints)
                continue
            }
            section.params[index].value = override.value
            section.params[index].isInvalid = false
        }
    }

    /// Typed values of the valid params, for the spec; a param whose value
    /// cannot be one is reported and marked invalid.
    mutating func declarations(sink: DiagnosticSink) -> [ParamDeclaration] {
        var declarations: [ParamDeclaration] = []
        for index in params.indices where !params[index].isInvalid {
            let param = params[index]
            // A value whose ${env.X} failed was reported already.
            guard !param.value.isPoisoned, let value = Self.value(of: param.value, name: param.name.value, sink: sink) else {
                params[index].isInvalid = true
                continue
            }
            declarations.append(ParamDeclaration(name: param.name, value: value))
        }
        return declarations
    }

    private static func value(of node: ConfigNode, name: String, sink: DiagnosticSink) -> Located<ParameterValue>? {
        switch node {
        case .scalar(let scalar):
            // `-p factors=` gives nothing, which YAML reads as null.
            if scalar.text.isEmpty, !scalar.isQuoted, !scalar.position.isKnown, let flag = scalar.origin {
                sink.error(
                    .invalidOverride, "no value given for parameter '\(name)'", at: scalar.position,
                    hints: ["write the value after '=', e.g. \(flag)64"])
                return nil
            }
            guard let value = ExpressionParser.parameterValue(scalar.resolved) else {
                sink.error(
                    .wrongType,
                    "parameter '\(name)' must be a number, string, boolean or list, found \(scalar.resolved.typeName)",
                    at: scalar.position)
                return nil
            }
            return Located(value, at: scalar.position)
        case .sequence(let items, let position):
            let values = items.compactMap { value(of: $0, name: name, sink: sink)?.value }
            return values.count == items.count ? Located(.list(values), at: position) : nil
        case .mapping(_, let position):
            sink.error(.wrongType, "parameter '\(name)' must be a number, string, boolean or list, found a mapping", at: position)
            return nil
        }
    }

    static func warnUnused(_ section: ParamsSection, used: Set<String>, sink: DiagnosticSink) {
        for param in section.params where !param.isInvalid && !used.contains(param.name.value) {
            sink.warning(
                .unusedParam, "parameter '\(param.name.value)' is never used", at: param.name.position,
                hints: ["refer to it as ${params.\(param.name.value)}, list it in a stage's 'params', or remove it"])
        }
    }
}
