import PipelineBasics

extension SpecDecoder {
    func decodeModels(_ node: ConfigNode) -> [ModelSpec] {
        namedEntries(node, context: "'models'").compactMap { entry in
            let context = "model '\(entry.key.value)'"
            guard
                let reader = MappingReader(
                    entry.value, context: context, sink: sink, owner: entry.key.position,
                    hints: shorthandHint(entry.value, section: entry.key.value, key: "kind")),
                let configuration = kinds.decode(
                    reader, kindKey: "kind", category: "model kind", kinds: registry.models,
                    extraKeys: ["incremental", "online"])
            else { return nil }
            let incremental = reader["incremental"].flatMap { decodeIncremental($0, context: "'incremental' in \(context)") }
            if reader["incremental"] != nil && incremental == nil { return nil }
            let online = reader["online"].flatMap { decodeOnline($0, context: "'online' in \(context)") }
            if reader["online"] != nil && online == nil { return nil }
            return ModelSpec(name: entry.key, configuration: configuration, incremental: incremental, online: online)
        }
    }

    /// `incremental: {epochs: 5, replay: 10000, lr: 0.005}` (or `incremental: true` for the defaults);
    /// `replay: 50%` keeps a share of every row seen instead of a fixed number.
    private func decodeIncremental(_ node: ConfigNode, context: String) -> Located<IncrementalSpec>? {
        if case .scalar = node {
            guard let flag = reading.bool(node, context) else { return nil }
            guard flag.value else {
                sink.error(.invalidValue, "\(context) is false", at: flag.position, hints: ["leave 'incremental' out instead"])
                return nil
            }
            return Located(IncrementalSpec(), at: node.position)
        }
        guard let reader = MappingReader(node, context: context, sink: sink) else { return nil }
        reader.rejectUnknownKeys(allowed: ["epochs", "replay", "lr"])
        var spec = IncrementalSpec()
        if let node = reader["epochs"] {
            guard let epochs = reading.int(node, "'epochs' in \(context)"), epochs.value >= 0 else {
                sink.error(.outOfBounds, "'epochs' in \(context) must be 0 or more", at: node.position)
                return nil
            }
            spec.epochs = epochs.value
        }
        if let node = reader["replay"] {
            guard let replay = decodeReplay(node, context: "'replay' in \(context)") else { return nil }
            spec.replay = replay
        }
        if let node = reader["lr"] {
            guard let rate = reading.double(node, "'lr' in \(context)"), rate.value > 0 else {
                sink.error(.outOfBounds, "'lr' in \(context) must be positive", at: node.position)
                return nil
            }
            spec.learningRate = rate.value
        }
        return Located(spec, at: node.position)
    }

    /// A count of rows (`10000`) or a percentage of the rows seen (`50%`).
    private func decodeReplay(_ node: ConfigNode, context: String) -> ReplaySize? {
        let hints = ["give a number of rows (replay: 10000) or a share of every row seen (replay: 50%)"]
        if case .scalar(let scalar) = node, !scalar.isQuoted, scalar.text.hasSuffix("%") {
            guard let percent = Double(scalar.text.dropLast()), percent > 0, percent <= 100 else {
                sink.error(
                    .outOfBounds, "\(context) must be a share above 0% and at most 100%, got \(scalar.text)",
                    at: node.position, hints: hints)
                return nil
            }
            return .share(percent / 100)
        }
        guard let rows = reading.int(node, context) else { return nil }
        guard rows.value >= 0 else {
            sink.error(.outOfBounds, "\(context) must be 0 or more", at: node.position, hints: hints)
            return nil
        }
        return .rows(rows.value)
    }

    /// `online: {lr: 0.05, reg: 0, bias_lr: 0.025, bias_reg: 0, init_std: 0.1}` (or `online: true` for the defaults).
    private func decodeOnline(_ node: ConfigNode, context: String) -> Located<OnlineSpec>? {
        if case .scalar = node {
            guard let flag = reading.bool(node, context) else { return nil }
            guard flag.value else {
                sink.error(.invalidValue, "\(context) is false", at: flag.position, hints: ["leave 'online' out instead"])
                return nil
            }
            return Located(OnlineSpec(), at: node.position)
        }
        guard let reader = MappingReader(node, context: context, sink: sink) else { return nil }
        reader.rejectUnknownKeys(allowed: OnlineSpec.keys.map(\.key))
        var values: [String: Double] = [:]
        for (key, positive) in OnlineSpec.keys {
            guard let node = reader[key] else { continue }
            guard let value = reading.double(node, "'\(key)' in \(context)"),
                value.value.isFinite && (positive ? value.value > 0 : value.value >= 0)
            else {
                sink.error(
                    .outOfBounds, "'\(key)' in \(context) must be \(positive ? "positive" : "0 or more")", at: node.position)
                return nil
            }
            values[key] = value.value
        }
        let spec = OnlineSpec(
            learningRate: values["lr"], reg: values["reg"], biasLearningRate: values["bias_lr"], biasReg: values["bias_reg"],
            initStd: values["init_std"])
        return Located(spec, at: node.position)
    }

    func decodeCombine(_ node: ConfigNode, owner: SourcePosition) -> CombineSpec? {
        guard
            let reader = MappingReader(
                node, context: "'combine'", sink: sink, owner: owner,
                hints: shorthandHint(node, section: "combine", key: "method")),
            let configuration = kinds.decode(reader, kindKey: "method", category: "combine method", kinds: registry.combiners)
        else { return nil }
        let sections = Set(configuration.parameters.descriptor.sections)
        var members: [Located<String>] = []
        if sections.contains("members"), let node = reader["members"] {
            members = reading.stringList(node, "'members' in 'combine'") ?? []
            if case .sequence(let items, let position) = node, items.isEmpty {
                sink.error(
                    .invalidValue, "'members' in 'combine' is empty", at: position,
                    hints: ["list the models to combine, or remove 'members' to combine all of them"])
            }
        }
        let weights = sections.contains("weights") ? reader["weights"].map(decodeWeights) ?? [] : []
        var meta: KindConfiguration?
        if sections.contains("meta") {
            if let metaNode = reader["meta"] {
                if let metaReader = MappingReader(
                    metaNode, context: "'meta' in 'combine'", sink: sink, owner: reader.keyPosition("meta"),
                    hints: shorthandHint(metaNode, section: "meta", key: "kind"))
                {
                    meta = kinds.decode(metaReader, kindKey: "kind", category: "meta-model kind", kinds: registry.metaModels)
                }
            } else if let standard = registry.metaModels.first {
                // The first meta-model of the table is the one used when none is written.
                meta = KindConfiguration(
                    kind: Located(standard.name, at: reader.position), parameters: ParameterSet(descriptor: standard))
            }
        }
        return CombineSpec(configuration: configuration, members: members, weights: weights, meta: meta)
    }

    /// `weights: {svd: 0.6, knn: 0.4}`: model names to non-negative numbers.
    private func decodeWeights(_ node: ConfigNode) -> [MemberWeight] {
        guard let reader = MappingReader(node, context: "'weights' in 'combine'", sink: sink) else { return [] }
        if reader.entries.isEmpty {
            sink.error(
                .invalidValue, "'weights' in 'combine' is empty", at: reader.position,
                hints: ["give each member a weight, e.g. weights: {svd: 0.6, knn: 0.4}"])
        }
        return reader.entries.compactMap { entry in
            guard let weight = reading.double(entry.value, "the weight of '\(entry.key.value)'") else { return nil }
            guard weight.value >= 0 else {
                sink.error(
                    .outOfBounds,
                    "the weight of '\(entry.key.value)' must be 0 or more, found \(reading.written(entry.value, weight.value))",
                    at: weight.position)
                return nil
            }
            return MemberWeight(name: entry.key, weight: weight)
        }
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
