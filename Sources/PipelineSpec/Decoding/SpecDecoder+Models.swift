import PipelineBasics

extension SpecDecoder {
    func decodeModels(_ node: ConfigNode) -> [ModelSpec] {
        namedEntries(node, context: "'models'").compactMap { entry in
            let context = "model '\(entry.key.value)'"
            guard
                let reader = MappingReader(
                    entry.value, context: context, sink: sink, owner: entry.key.position,
                    hints: shorthandHint(entry.value, section: entry.key.value, key: "kind")),
                let configuration = kinds.decode(reader, kindKey: "kind", category: "model kind", kinds: registry.models)
            else { return nil }
            return ModelSpec(name: entry.key, configuration: configuration)
        }
    }

    func decodeCombine(_ node: ConfigNode, owner: SourcePosition) -> CombineSpec? {
        guard
            let reader = MappingReader(
                node, context: "'combine'", sink: sink, owner: owner,
                hints: shorthandHint(node, section: "combine", key: "method")),
            let configuration = kinds.decode(
                reader, kindKey: "method", category: "combine method", kinds: registry.combiners,
                extraKeys: ["models", "meta"])
        else { return nil }
        let models = reader["models"].flatMap { reading.stringList($0, "'models' in 'combine'") } ?? []
        if case .sequence(let items, let position)? = reader["models"], items.isEmpty {
            sink.error(
                .invalidValue, "'models' in 'combine' is empty", at: position,
                hints: ["list the models to combine, or remove 'models' to combine all of them"])
        }
        var meta: KindConfiguration?
        let takesMeta = configuration.parameters.descriptor.requirements.contains(.metaModel)
        if let metaNode = reader["meta"] {
            if !takesMeta {
                let methods = registry.combiners.filter { $0.requirements.contains(.metaModel) }.map { "'method: \($0.name)'" }
                sink.error(
                    .unknownKey, "'meta' applies only to \(methods.joined(separator: " or ")), not '\(configuration.kind.value)'",
                    at: reader.keyPosition("meta"), hints: ["remove 'meta'" + (methods.isEmpty ? "" : ", or use \(methods[0])")])
            } else if let metaReader = MappingReader(
                metaNode, context: "'meta' in 'combine'", sink: sink, owner: reader.keyPosition("meta"),
                hints: shorthandHint(metaNode, section: "meta", key: "kind"))
            {
                meta = kinds.decode(metaReader, kindKey: "kind", category: "meta-model kind", kinds: registry.metaModels)
            }
        } else if takesMeta, let standard = registry.metaModels.first {
            // The first meta-model of the table is the one used when none is written.
            meta = KindConfiguration(
                kind: Located(standard.name, at: reader.position), parameters: ParameterSet(descriptor: standard))
        }
        return CombineSpec(configuration: configuration, models: models, meta: meta)
    }

    func decodeReport(_ node: ConfigNode) -> ReportSpec? {
        guard let reader = MappingReader(node, context: "'report'", sink: sink) else { return nil }
        reader.rejectUnknownKeys(allowed: ["json", "markdown", "html"])
        return ReportSpec(
            json: reader["json"].flatMap { reading.string($0, "'json' in 'report'") },
            markdown: reader["markdown"].flatMap { reading.string($0, "'markdown' in 'report'") },
            html: reader["html"].flatMap { reading.string($0, "'html' in 'report'") })
    }
}
