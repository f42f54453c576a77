import PipelineBasics

/// Turns the interpolated document into a `PipelineSpec`, reporting every
/// shape and type mistake of the pass together.
struct SpecDecoder {
    let sink: DiagnosticSink
    let registry: KindRegistry
    var reading: ScalarReading { ScalarReading(sink: sink) }
    var kinds: KindDecoder { KindDecoder(sink: sink) }

    static let topLevelKeys = ["mass", "name", "seed", "params", "stages", "data", "split", "sample", "models", "combine",
                               "search", "evaluate", "report"]

    func decode(_ root: ConfigNode, params: [ParamDeclaration]) -> PipelineSpec? {
        guard let top = MappingReader(root, context: "the pipeline", sink: sink) else { return nil }
        top.rejectUnknownKeys(allowed: Self.topLevelKeys)

        let version = decodeVersion(top)
        let name = top["name"].flatMap { reading.string($0, "'name'") }
        let seed = top["seed"].flatMap { node -> Located<Int>? in
            guard let seed = reading.int(node, "'seed'") else { return nil }
            guard seed.value >= 0 else {
                sink.error("out-of-bounds", "'seed' must be a non-negative integer, found \(seed.value)", at: seed.position)
                return nil
            }
            return seed
        } ?? Located(0, at: top.position)

        let data = top["data"].map(decodeData) ?? []
        let stages = top["stages"].map(decodeStages) ?? []
        let split = top["split"].flatMap { node in
            MappingReader(node, context: "'split'", sink: sink).flatMap {
                kinds.decode($0, kindKey: "method", category: "split method", kinds: registry.splits)
            }
        }
        let sample = top["sample"].flatMap { node in
            MappingReader(node, context: "'sample'", sink: sink).flatMap {
                kinds.decode($0, kindKey: "method", category: "sampling method", kinds: registry.samplers)
            }
        }
        let models = top["models"].map(decodeModels) ?? []
        let combine = top["combine"].flatMap(decodeCombine)
        let search = top["search"].flatMap(decodeSearch)
        let evaluate = top["evaluate"].flatMap(decodeEvaluate)
        let report = top["report"].flatMap(decodeReport)

        guard let version else { return nil }
        return PipelineSpec(
            version: version, name: name, seed: seed, params: params, data: data, stages: stages, split: split,
            sample: sample, models: models, combine: combine, search: search, evaluate: evaluate, report: report)
    }

    private func decodeVersion(_ top: MappingReader) -> Located<Int>? {
        guard let node = top.required("mass", hint: "start the file with 'mass: \(PipelineSpec.languageVersion)'") else { return nil }
        guard let version = reading.int(node, "'mass' (the language version)") else { return nil }
        guard version.value == PipelineSpec.languageVersion else {
            sink.error("unsupported-version", "unsupported language version \(version.value)", at: version.position,
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
                sink.error("invalid-name", "invalid name '\(entry.key.value)' in \(context)", at: entry.key.position,
                           hints: ["names start with a letter and hold letters, digits, '_' and '-'"])
                return false
            }
            return true
        }
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter, first.isASCII else { return false }
        return name.allSatisfy { ($0.isLetter || $0.isNumber) && $0.isASCII || $0 == "_" || $0 == "-" }
    }
}
