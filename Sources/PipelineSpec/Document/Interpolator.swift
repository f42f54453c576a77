import PipelineBasics

/// Replaces `${params.NAME}` and `${env.NAME}` in every scalar.
///
/// A scalar that is exactly one reference takes the referenced value with its
/// type (`factors: ${params.factors}` stays an integer); a reference inside
/// longer text is spliced in as text. `${NAME}` without a namespace is left
/// alone, so shell variables in `run:` commands pass through.
struct Interpolator {
    /// Final parameter values (after overrides), by name.
    let params: [String: ConfigNode]
    let environment: [String: String]
    let sink: DiagnosticSink
    /// Names of params referenced so far, for the unused-parameter warning.
    private(set) var usedParams: Set<String> = []

    init(params: [String: ConfigNode], environment: [String: String], sink: DiagnosticSink) {
        self.params = params
        self.environment = environment
        self.sink = sink
    }

    mutating func apply(_ node: ConfigNode) -> ConfigNode {
        switch node {
        case .scalar(let scalar):
            return interpolate(scalar)
        case .sequence(let items, let position):
            return .sequence(items.map { apply($0) }, position)
        case .mapping(let entries, let position):
            return .mapping(entries.map { ConfigEntry(key: $0.key, value: apply($0.value)) }, position)
        }
    }

    private mutating func interpolate(_ scalar: ConfigScalar) -> ConfigNode {
        guard scalar.text.contains("${") else { return .scalar(scalar) }
        let references = InterpolationScanner.scan(scalar.text)
        if references.count == 1, let only = references.first, only.range == scalar.text.startIndex..<scalar.text.endIndex,
           case .reference(let namespace, let name) = only.kind {
            return whole(namespace: namespace, name: name, in: scalar, offset: 0)
        }
        var text = ""
        var cursor = scalar.text.startIndex
        var origins: [String] = []
        for reference in references {
            text += scalar.text[cursor..<reference.range.lowerBound]
            cursor = reference.range.upperBound
            let offset = scalar.text.distance(from: scalar.text.startIndex, to: reference.range.lowerBound)
            switch reference.kind {
            case .reference(let namespace, let name):
                guard case .scalar(let value) = whole(namespace: namespace, name: name, in: scalar, offset: offset) else {
                    sink.error("wrong-type", "${\(namespace).\(name)} is a list or mapping and cannot be spliced into text",
                               at: column(of: scalar, offset: offset))
                    continue
                }
                if value.isPoisoned { return .scalar(.poisoned(at: scalar.position)) }
                text += value.text
                if let origin = value.origin { origins.append(origin) }
            case .unterminated:
                sink.error("invalid-interpolation", "unterminated '${' in '\(scalar.text)'", at: column(of: scalar, offset: offset),
                           hints: ["close it with '}': ${params.NAME} or ${env.NAME}"])
                text += scalar.text[reference.range]
            case .unknownNamespace(let namespace, let name):
                var hints = suggestions(for: namespace, among: ["params", "env"]).map { "did you mean '${\($0).\(name)}'?" }
                if hints.isEmpty { hints = ["use ${params.NAME} or ${env.NAME}"] }
                sink.error("invalid-interpolation", "unknown interpolation namespace '\(namespace)' in '${\(namespace).\(name)}'",
                           at: column(of: scalar, offset: offset), hints: hints)
            case .shellVariable:
                text += scalar.text[reference.range]
            }
        }
        text += scalar.text[cursor...]
        var result = scalar
        result.text = text
        result.origin = origins.isEmpty ? scalar.origin : origins.joined(separator: " and ")
        return .scalar(result)
    }

    /// The value of one reference, placed at the use site.
    private mutating func whole(namespace: String, name: String, in scalar: ConfigScalar, offset: Int) -> ConfigNode {
        let site = column(of: scalar, offset: offset)
        if namespace == "env" {
            guard let value = environment[name] else {
                sink.error("undefined-env", "environment variable '\(name)' is not set", at: site,
                           hints: ["set it before running mass, e.g. \(name)=... mass run FILE"])
                return .scalar(.poisoned(at: scalar.position))
            }
            return .scalar(ConfigScalar(text: value, isQuoted: scalar.isQuoted, position: scalar.position,
                                        origin: "environment variable \(name)"))
        }
        guard let value = params[name] else {
            var hints = didYouMean(name, among: params.keys.sorted())
            if hints.isEmpty {
                hints = params.isEmpty ? ["declare it under 'params:'"] : ["declared params: " + params.keys.sorted().joined(separator: ", ")]
            }
            sink.error("undefined-param", "undefined parameter '\(name)' in '${params.\(name)}'", at: site, hints: hints)
            return .scalar(.poisoned(at: scalar.position))
        }
        usedParams.insert(name)
        return relocated(value, to: scalar.position, origin: "params.\(name)")
    }

    /// The parameter's value, moved to where it is used, remembering its origin.
    private func relocated(_ node: ConfigNode, to position: SourcePosition, origin: String) -> ConfigNode {
        switch node {
        case .scalar(var scalar):
            let written = scalar.origin.map { "\(origin) (\($0))" } ?? "\(origin) (\(scalar.position))"
            scalar.origin = written
            scalar.position = position
            return .scalar(scalar)
        case .sequence(let items, _):
            return .sequence(items.map { relocated($0, to: position, origin: origin) }, position)
        case .mapping(let entries, _):
            return .mapping(entries.map { ConfigEntry(key: $0.key, value: relocated($0.value, to: position, origin: origin)) }, position)
        }
    }

    /// The column of a character of a scalar: exact for single-line scalars, whose
    /// text starts one column after an opening quote.
    private func column(of scalar: ConfigScalar, offset: Int) -> SourcePosition {
        var position = scalar.position
        guard !scalar.text.contains("\n") else { return position }
        position.column += offset + (scalar.isQuoted ? 1 : 0)
        return position
    }
}

/// Finds `${...}` references in a scalar's text.
enum InterpolationScanner {
    enum Kind: Equatable {
        case reference(namespace: String, name: String)
        case unknownNamespace(namespace: String, name: String)
        case shellVariable
        case unterminated
    }

    struct Reference {
        var range: Range<String.Index>
        var kind: Kind
    }

    static func scan(_ text: String) -> [Reference] {
        var references: [Reference] = []
        var index = text.startIndex
        while let start = text[index...].firstRange(of: "${")?.lowerBound {
            guard let close = text[start...].firstIndex(of: "}") else {
                references.append(Reference(range: start..<text.endIndex, kind: .unterminated))
                break
            }
            let body = text[text.index(start, offsetBy: 2)..<close]
            let range = start..<text.index(after: close)
            let parts = body.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                let kind: Kind = (parts[0] == "params" || parts[0] == "env")
                    ? .reference(namespace: parts[0], name: parts[1])
                    : .unknownNamespace(namespace: parts[0], name: parts[1])
                references.append(Reference(range: range, kind: kind))
            } else {
                references.append(Reference(range: range, kind: .shellVariable))
            }
            index = range.upperBound
        }
        return references
    }
}
