import PipelineBasics

/// Turns the interpolated document into a `PipelineSpec`, reporting every
/// shape and type mistake of the pass together.
struct SpecDecoder {
    let sink: DiagnosticSink
    let registry: KindRegistry
    /// The file's lines, to place errors inside quoted and block scalars.
    var sourceLines: [String] = []
    var reading: ScalarReading { ScalarReading(sink: sink) }
    var kinds: KindDecoder { KindDecoder(sink: sink) }

    static let topLevelKeys = [
        "mass", "name", "seed", "params", "stages", "data", "split", "sample", "models", "combine",
        "search", "evaluate", "report",
    ]

    func decode(_ root: ConfigNode, params: [ParamDeclaration]) -> PipelineSpec? {
        guard let top = MappingReader(root, context: "the pipeline", sink: sink) else { return nil }
        // `x-` keys are free for the user: a place for YAML anchors, as in docker compose.
        let extensionKeys = top.entries.map(\.key.value).filter { $0.hasPrefix("x-") }
        top.rejectUnknownKeys(
            allowed: Self.topLevelKeys + extensionKeys + (isVersionMisnamed(top) ? ["version"] : []),
            extraHint: "the pipeline takes: " + Self.topLevelKeys.joined(separator: ", "),
            extensionHint: { "to keep it for YAML anchors, name it 'x-\($0)': keys starting with 'x-' are ignored" })

        let version = decodeVersion(top)
        let name = top["name"].flatMap { reading.string($0, "'name'") }
        let seed = top["seed"].flatMap { seedValue($0, "'seed'") } ?? Located(0, at: top.position)

        let data = top["data"].map(decodeData) ?? []
        let stages = top["stages"].map(decodeStages) ?? []
        let split = top["split"].flatMap { node in
            MappingReader(
                node, context: "'split'", sink: sink, owner: top.keyPosition("split"),
                hints: shorthandHint(node, section: "split", key: "method")
            ).flatMap {
                kinds.decode($0, kindKey: "method", category: "split method", kinds: registry.splits)
            }
        }
        let sample = top["sample"].flatMap { node in
            MappingReader(
                node, context: "'sample'", sink: sink, owner: top.keyPosition("sample"),
                hints: shorthandHint(node, section: "sample", key: "method")
            ).flatMap {
                kinds.decode($0, kindKey: "method", category: "sampling method", kinds: registry.samplers)
            }
        }
        let models = top["models"].map(decodeModels) ?? []
        let combine = top["combine"].flatMap { decodeCombine($0, owner: top.keyPosition("combine")) }
        let search = top["search"].flatMap { decodeSearch($0, owner: top.keyPosition("search")) }
        let evaluate = top["evaluate"].flatMap { decodeEvaluate($0, owner: top.keyPosition("evaluate")) }
        let report = top["report"].flatMap(decodeReport)

        guard let version else { return nil }
        return PipelineSpec(
            version: version, name: name, seed: seed, params: params, data: data, stages: stages, split: split,
            sample: sample, models: models, combine: combine, search: search, evaluate: evaluate, report: report)
    }

    /// A seed: random generators take unsigned numbers, so a negative one is refused here.
    func seedValue(_ node: ConfigNode, _ what: String) -> Located<Int>? {
        guard let seed = reading.int(node, what) else { return nil }
        guard seed.value >= 0 else {
            sink.error(.outOfBounds, "\(what) must be a non-negative integer, found \(seed.value)", at: seed.position)
            return nil
        }
        return seed
    }

    /// `version: 1` where `mass: 1` belongs: one error, not a missing and an unknown key.
    private func isVersionMisnamed(_ top: MappingReader) -> Bool {
        top["mass"] == nil && top["version"] != nil
    }

    /// "write svd: {kind: mf}" for a section given as its kind's name alone.
    func shorthandHint(_ node: ConfigNode, section: String, key: String) -> [String] {
        guard case .scalar(let scalar) = node, case .string(let word) = scalar.resolved, !scalar.isPoisoned else { return [] }
        return ["write \(section): {\(key): \(word)}"]
    }

    private func decodeVersion(_ top: MappingReader) -> Located<Int>? {
        if isVersionMisnamed(top) {
            sink.error(
                .missingKey, "the version key is 'mass', not 'version'", at: top.keyPosition("version"),
                hints: ["write 'mass: \(PipelineSpec.languageVersion)'"])
            return nil
        }
        guard let node = top.required("mass", hint: "start the file with 'mass: \(PipelineSpec.languageVersion)'") else {
            return nil
        }
        guard let version = reading.int(node, "'mass' (the language version)") else { return nil }
        guard version.value == PipelineSpec.languageVersion else {
            sink.error(
                .unsupportedVersion, "unsupported language version \(version.value)", at: version.position,
                hints: ["this mass reads 'mass: \(PipelineSpec.languageVersion)'"])
            return nil
        }
        return version
    }

    /// Entries of a named collection (`models:`, `data:`, `stages:`) with valid names.
    func namedEntries(_ node: ConfigNode, context: String) -> [ConfigEntry] {
        guard let reader = MappingReader(node, context: context, sink: sink) else { return [] }
        var seen: Set<String> = []
        return reader.entries.filter { entry in
            guard seen.insert(entry.key.value).inserted else { return false }
            guard Self.isValidName(entry.key.value) else {
                sink.error(
                    .invalidName, "invalid name '\(entry.key.value)' in \(context)", at: entry.key.position,
                    hints: ["names start with a letter and hold letters, digits, '_' and '-'"])
                return false
            }
            return true
        }
    }

    static func isValidName(_ name: String) -> Bool {
        // Most names are plain ASCII, checked byte by byte; others by their characters.
        if let first = name.utf8.first, isASCIILetter(first),
            name.utf8.allSatisfy({ isASCIILetter($0) || isASCIIDigit($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") })
        {
            return true
        }
        guard let first = name.first, first.isLetter, first.isASCII else { return false }
        return name.allSatisfy { ($0.isLetter || $0.isNumber) && $0.isASCII || $0 == "_" || $0 == "-" }
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func isASCIIDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
