import PipelineBasics

/// Replaces `${params.NAME}` and `${env.NAME}` in every scalar.
///
/// A scalar that is exactly one reference takes the referenced value with its
/// type (`factors: ${params.factors}` stays an integer, and so does
/// `folds: "${env.FOLDS}"`); a reference inside longer text is spliced in as
/// text. `${NAME}` without a namespace is left alone, so shell variables in
/// `run:` commands pass through.
///
/// Shell commands (`run:` of a stage or a command model) are special: a
/// parameter's value is spliced in as one shell word (`ShellQuoting`), and
/// `${env.NAME}` is refused, since its value could change the command and
/// would be written to the committed lock file.
struct Interpolator {
    /// Final parameter values (after overrides), by name; an invalid param
    /// is a poisoned scalar, so that its uses stay silent.
    let params: [String: ConfigNode]
    let environment: [String: String]
    let sink: DiagnosticSink
    /// The file's lines, to place errors inside quoted scalars that hold escapes.
    let sourceLines: [String]
    /// Names of params referenced so far, for the unused-parameter warning.
    private(set) var usedParams: Set<String> = []

    init(params: [String: ConfigNode], environment: [String: String], sink: DiagnosticSink, sourceLines: [String] = []) {
        self.params = params
        self.environment = environment
        self.sink = sink
        self.sourceLines = sourceLines
    }

    /// Interpolates `node`, found at key path `path` (`["stages", "prepare", "run"]`).
    mutating func apply(_ node: ConfigNode, path: [String] = []) -> ConfigNode {
        applied(node, at: KeyPlace(path)) ?? node
    }

    /// The interpolated node, or `nil` when nothing in it changed: most scalars
    /// of a large file hold no reference, and their subtrees are kept as they are
    /// rather than copied node by node.
    private mutating func applied(_ node: ConfigNode, at place: KeyPlace) -> ConfigNode? {
        switch node {
        case .scalar(let scalar):
            guard Self.mayHoldReference(scalar.text) else { return nil }
            return interpolate(scalar, shellCommandIn: place.shellCommandSection)
        case .sequence(let items, let position):
            // Empty until an item changes; then a copy of the items with the changes.
            var changed: [ConfigNode] = []
            let itemPlace = place.appending("[]")
            for index in items.indices {
                guard let item = applied(items[index], at: itemPlace) else { continue }
                if changed.isEmpty { changed = items }
                changed[index] = item
            }
            return changed.isEmpty ? nil : .sequence(changed, position)
        case .mapping(let entries, let position):
            var changed: [ConfigEntry] = []
            for index in entries.indices {
                guard let value = applied(entries[index].value, at: place.appending(entries[index].key.value)) else {
                    continue
                }
                if changed.isEmpty { changed = entries }
                changed[index].value = value
            }
            return changed.isEmpty ? nil : .mapping(changed, position)
        }
    }

    /// What the shell-command rule asks of a key path: its length, first key
    /// and last key. Kept instead of the path, which would be copied at every node.
    struct KeyPlace {
        var depth: Int
        var first: String?
        var last: String?

        init(_ path: [String]) {
            depth = path.count
            first = path.first
            last = path.last
        }

        func appending(_ key: String) -> KeyPlace {
            var place = self
            place.depth += 1
            place.first = first ?? key
            place.last = key
            return place
        }

        /// `stages.NAME.run` and `models.NAME.run` (command models) are shell commands:
        /// the section they are in, or `nil` for any other path.
        var shellCommandSection: String? {
            depth == 3 && (first == "stages" || first == "models") && last == "run" ? first : nil
        }
    }

    /// Whether `text` holds "${"; on UTF-8 bytes, as every scalar of a large file passes here.
    static func mayHoldReference(_ text: String) -> Bool {
        var afterDollar = false
        for byte in text.utf8 {
            if afterDollar && byte == UInt8(ascii: "{") { return true }
            afterDollar = byte == UInt8(ascii: "$")
        }
        return false
    }

    private mutating func interpolate(_ scalar: ConfigScalar, shellCommandIn section: String? = nil) -> ConfigNode {
        let shellCommand = section != nil
        guard Self.mayHoldReference(scalar.text) else { return .scalar(scalar) }
        let references = InterpolationScanner.scan(scalar.text)
        if !shellCommand, references.count == 1, let only = references.first,
            only.range == scalar.text.startIndex..<scalar.text.endIndex,
            case .reference(let namespace, let name) = only.kind
        {
            return whole(namespace: namespace, name: name, in: scalar, offset: 0)
        }
        var text = ""
        var cursor = scalar.text.startIndex
        var origins: [String] = []
        // A broken reference is reported once; the value is then poisoned so
        // that no later pass reports a type error derived from it.
        var isBroken = false
        for reference in references {
            text += scalar.text[cursor..<reference.range.lowerBound]
            cursor = reference.range.upperBound
            let offset = scalar.text.distance(from: scalar.text.startIndex, to: reference.range.lowerBound)
            let site = position(in: scalar, offset: offset)
            switch reference.kind {
            case .reference("env", let name) where shellCommand:
                refuseEnvironmentInCommand(name, at: site, stage: section == "stages")
                isBroken = true
            case .reference(let namespace, let name):
                guard case .scalar(let value) = whole(namespace: namespace, name: name, in: scalar, offset: offset) else {
                    sink.error(
                        .wrongType, "${\(namespace).\(name)} is a list or mapping and cannot be spliced into text", at: site)
                    isBroken = true
                    continue
                }
                if value.isPoisoned { isBroken = true }
                if shellCommand {
                    let context = ShellQuoting.context(after: scalar.text[..<reference.range.lowerBound])
                    text += ShellQuoting.quoted(value.text, in: context)
                } else {
                    text += value.text
                }
                if let origin = value.origin { origins.append(origin) }
            case .unterminated:
                sink.error(
                    .invalidInterpolation, "unterminated '${' in '\(scalar.text)'", at: site,
                    hints: ["close it with '}': ${params.NAME} or ${env.NAME}"])
                isBroken = true
            case .unknownNamespace(let namespace, let name):
                var hints = suggestions(for: namespace, among: ["params", "env"]).map { "did you mean '${\($0).\(name)}'?" }
                if hints.isEmpty { hints = ["use ${params.NAME} or ${env.NAME}"] }
                sink.error(
                    .invalidInterpolation, "unknown interpolation namespace '\(namespace)' in '${\(namespace).\(name)}'",
                    at: site, hints: hints)
                isBroken = true
            case .emptyName(let namespace):
                sink.error(
                    .invalidInterpolation, "'${\(namespace).}' names no \(namespace == "env" ? "variable" : "parameter")",
                    at: site,
                    hints: ["write ${\(namespace).NAME}"])
                isBroken = true
            case .shellVariable(let name):
                text += scalar.text[reference.range]
                if params[name] != nil {
                    sink.warning(
                        .shellVariableNamesParam, "'${\(name)}' is left to the shell, but 'params' declares '\(name)'",
                        at: site, hints: ["did you mean '${params.\(name)}'?"])
                }
            }
        }
        if isBroken { return .scalar(.poisoned(at: scalar.position)) }
        text += scalar.text[cursor...]
        var result = scalar
        result.text = text
        result.origin = origins.isEmpty ? scalar.origin : origins.joined(separator: " and ")
        return .scalar(result)
    }

    private func refuseEnvironmentInCommand(_ name: String, at site: SourcePosition, stage: Bool) {
        var hints = ["write $\(name) in the command instead: the command inherits the environment mass runs in"]
        if stage {
            hints.append(
                "to run the stage again when \(name) changes, also add it to the stage's env, as in env: {\(name): \"${env.\(name)}\"} (the value is then recorded in the lock file)"
            )
        }
        sink.error(
            .envInShellCommand,
            "${env.\(name)} cannot be spliced into a shell command: its value could change the command, and it would be written to the lock file",
            at: site, hints: hints)
    }

    /// The value of one reference, placed at the use site.
    private mutating func whole(namespace: String, name: String, in scalar: ConfigScalar, offset: Int) -> ConfigNode {
        let site = position(in: scalar, offset: offset)
        if namespace == "env" {
            guard let value = environment[name] else {
                sink.error(
                    .undefinedEnv, "environment variable '\(name)' is not set", at: site,
                    hints: ["set it before running mass, e.g. \(name)=... mass run FILE"])
                return .scalar(.poisoned(at: scalar.position))
            }
            // Read like a plain scalar, as a param keeps its type: FOLDS=5 is the integer 5.
            // An empty value stays an empty string rather than becoming null.
            return .scalar(
                ConfigScalar(
                    text: value, isQuoted: value.isEmpty, position: scalar.position,
                    origin: "environment variable \(name)"))
        }
        guard let value = params[name] else {
            var hints = didYouMean(name, among: params.keys.sorted())
            if hints.isEmpty {
                hints =
                    params.isEmpty
                    ? ["declare it under 'params:'"] : ["declared params: " + params.keys.sorted().joined(separator: ", ")]
            }
            sink.error(.undefinedParam, "undefined parameter '\(name)' in '${params.\(name)}'", at: site, hints: hints)
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
            scalar.blockContent = nil
            return .scalar(scalar)
        case .sequence(let items, _):
            return .sequence(items.map { relocated($0, to: position, origin: origin) }, position)
        case .mapping(let entries, _):
            return .mapping(
                entries.map { ConfigEntry(key: $0.key, value: relocated($0.value, to: position, origin: origin)) }, position)
        }
    }

    /// Where a character of a scalar's text is in the file.
    private func position(in scalar: ConfigScalar, offset: Int) -> SourcePosition {
        ScalarTextPositions(scalar: scalar, sourceLines: sourceLines).position(ofOffset: offset)
    }
}
