/// Writes a spec back as a pipeline file that reads back as an equal spec.
/// Only values the original file wrote are rendered; defaults stay implicit.
public enum SpecRenderer {
    public static func render(_ spec: PipelineSpec) -> String {
        var yaml = YAMLWriter()
        yaml.scalar("mass", String(spec.version.value))
        if let name = spec.name { yaml.scalar("name", YAMLWriter.quoted(name.value)) }
        yaml.scalar("seed", String(spec.seed.value))
        if !spec.params.isEmpty {
            yaml.section("params") { yaml in
                for param in spec.params { yaml.scalar(param.name.value, YAMLWriter.value(param.value.value)) }
            }
        }
        if !spec.data.isEmpty {
            yaml.section("data") { yaml in
                for source in spec.data { yaml.section(source.name.value) { render(source.origin, into: &$0) } }
            }
        }
        if !spec.stages.isEmpty {
            yaml.section("stages") { yaml in
                for stage in spec.stages { yaml.section(stage.name.value) { render(stage, into: &$0) } }
            }
        }
        if let split = spec.split { yaml.section("split") { render(split, key: "method", into: &$0) } }
        if let sample = spec.sample { yaml.section("sample") { render(sample, key: "method", into: &$0) } }
        if !spec.models.isEmpty {
            yaml.section("models") { yaml in
                for model in spec.models {
                    yaml.section(model.name.value) { yaml in
                        render(model.configuration, key: "kind", into: &yaml)
                        if let incremental = model.incremental?.value {
                            yaml.section("incremental") { yaml in
                                yaml.scalar("epochs", String(incremental.epochs))
                                yaml.scalar("replay", incremental.replay.description)
                                if let rate = incremental.learningRate { yaml.scalar("lr", "\(rate)") }
                            }
                        }
                        if let online = model.online?.value {
                            yaml.section("online") { yaml in
                                let values = [
                                    online.learningRate, online.reg, online.biasLearningRate, online.biasReg, online.initStd,
                                ]
                                for ((key, _), value) in zip(OnlineSpec.keys, values) {
                                    if let value { yaml.scalar(key, "\(value)") }
                                }
                            }
                        }
                    }
                }
            }
        }
        if let combine = spec.combine { yaml.section("combine") { render(combine, into: &$0) } }
        if let search = spec.search { yaml.section("search") { render(search, into: &$0) } }
        if let evaluate = spec.evaluate { yaml.section("evaluate") { render(evaluate, into: &$0) } }
        if let report = spec.report {
            yaml.section("report") { yaml in
                if let json = report.json { yaml.scalar("json", YAMLWriter.quoted(json.value)) }
                if let markdown = report.markdown { yaml.scalar("markdown", YAMLWriter.quoted(markdown.value)) }
                if let html = report.html { yaml.scalar("html", YAMLWriter.quoted(html.value)) }
            }
        }
        return yaml.text
    }

    private static func render(_ configuration: KindConfiguration, key: String, into yaml: inout YAMLWriter) {
        yaml.scalar(key, YAMLWriter.quoted(configuration.kind.value))
        for parameter in configuration.parameters.descriptor.parameters {
            guard let value = configuration.parameters.written[parameter.name] else { continue }
            if parameter.type == .window, case .rows(let rows)? = WindowSize(parameterValue: value.value) {
                yaml.scalar(parameter.name, "{rows: \(rows)}")
            } else if case .stoppingRule = parameter.type, case .list(let parts) = value.value, parts.count == 2 {
                yaml.scalar(parameter.name, "{patience: \(parts[0]), metric: \(YAMLWriter.value(parts[1]))}")
            } else {
                yaml.scalar(parameter.name, YAMLWriter.value(value.value))
            }
        }
    }

    /// A column as written: its index, or its name quoted.
    private static func text(_ column: ColumnReference) -> String {
        switch column {
        case .index(let index): String(index)
        case .name(let name): YAMLWriter.quoted(name)
        }
    }

    private static func render(_ origin: DataOrigin, into yaml: inout YAMLWriter) {
        switch origin {
        case .synthetic(let synthetic):
            yaml.section("synthetic") { yaml in
                yaml.scalar("users", String(synthetic.users.value))
                yaml.scalar("items", String(synthetic.items.value))
                yaml.scalar("ratings", String(synthetic.ratings.value))
                yaml.scalar("factors", String(synthetic.factors.value))
                yaml.scalar("noise", "\(synthetic.noise.value)")
                yaml.scalar("skew", "\(synthetic.skew.value)")
                yaml.scalar("scale", "[\(synthetic.scale.value[0]), \(synthetic.scale.value[1])]")
                if let seed = synthetic.seed { yaml.scalar("seed", String(seed.value)) }
            }
        case .file(let file):
            if file.partitions.isEmpty {
                yaml.scalar("path", YAMLWriter.quoted(file.path.value))
            } else {
                yaml.scalar("partitions", YAMLWriter.list(file.partitions.map(\.value)))
            }
            yaml.scalar("format", file.format.value.rawValue)
            if let sample = file.sample?.value {
                yaml.section("sample") { yaml in
                    yaml.scalar("method", sample.method)
                    switch sample {
                    case .uniform(let fraction): yaml.scalar("fraction", "\(fraction)")
                    case .reservoir(let size), .recent(let size): yaml.scalar("size", String(size))
                    case .stratified(let fraction, let byItem):
                        yaml.scalar("fraction", "\(fraction)")
                        yaml.scalar("by", byItem ? "item" : "user")
                    }
                }
            }
            if let delimiter = file.delimiter { yaml.scalar("delimiter", YAMLWriter.quoted(delimiter.value)) }
            yaml.scalar("header", String(file.header.value))
            yaml.section("columns") { yaml in
                let roles = file.columns.value
                let entries: [(String, Located<ColumnReference>?)] = [
                    ("user", roles.user), ("item", roles.item), ("rating", roles.rating), ("time", roles.time),
                    ("group", roles.group),
                ]
                for (role, column) in entries {
                    guard let column else { continue }
                    yaml.scalar(role, text(column.value))
                }
            }
            if let scale = file.scale { yaml.scalar("scale", "[\(scale.value[0]), \(scale.value[1])]") }
            yaml.scalar("on_bad_rows", file.onBadRows.value.rawValue)
            yaml.scalar("duplicates", file.duplicates.value.rawValue)
        case .attributes(let table):
            yaml.scalar("path", YAMLWriter.quoted(table.path.value))
            yaml.scalar("format", table.format.value.rawValue)
            if let delimiter = table.delimiter { yaml.scalar("delimiter", YAMLWriter.quoted(delimiter.value)) }
            yaml.scalar("header", String(table.header.value))
            yaml.scalar("id", text(table.id.value))
            yaml.section("attributes") { yaml in
                for attribute in table.attributes {
                    yaml.section(attribute.name.value) { yaml in
                        yaml.scalar("column", text(attribute.column.value))
                        yaml.scalar("type", attribute.encoding.value.rawValue)
                        if let separator = attribute.separator { yaml.scalar("separator", YAMLWriter.quoted(separator.value)) }
                    }
                }
            }
        }
    }

    private static func render(_ stage: StageSpec, into yaml: inout YAMLWriter) {
        yaml.scalar("run", YAMLWriter.quoted(stage.run.value))
        if !stage.deps.isEmpty { yaml.scalar("deps", YAMLWriter.list(stage.deps.map(\.value))) }
        if !stage.outs.isEmpty { yaml.scalar("outs", YAMLWriter.list(stage.outs.map(\.value))) }
        if !stage.params.isEmpty { yaml.scalar("params", YAMLWriter.list(stage.params.map(\.value))) }
        if let retries = stage.retries { yaml.scalar("retries", String(retries.value)) }
        if let delay = stage.retryDelay { yaml.scalar("retry_delay", "\(delay.value)") }
        if let memory = stage.memory { yaml.scalar("memory", YAMLWriter.quoted("\(memory.value)B")) }
        if !stage.env.isEmpty {
            yaml.section("env") { yaml in
                for entry in stage.env { yaml.scalar(entry.name.value, YAMLWriter.quoted(entry.value.value)) }
            }
        }
    }

    private static func render(_ combine: CombineSpec, into yaml: inout YAMLWriter) {
        render(combine.configuration, key: "method", into: &yaml)
        if !combine.members.isEmpty { yaml.scalar("members", YAMLWriter.list(combine.members.map(\.value))) }
        if !combine.weights.isEmpty {
            yaml.section("weights") { yaml in
                for entry in combine.weights { yaml.scalar(entry.name.value, YAMLWriter.value(.double(entry.weight.value))) }
            }
        }
        if let meta = combine.meta { yaml.section("meta") { render(meta, key: "kind", into: &$0) } }
    }

    private static func render(_ search: SearchSpec, into yaml: inout YAMLWriter) {
        render(search.configuration, key: "method", into: &yaml)
        yaml.section("objective") { yaml in
            yaml.scalar("metric", YAMLWriter.quoted(search.objective.metric.value.description))
            yaml.scalar("goal", search.objective.goal.value.rawValue)
        }
        yaml.section("space") { yaml in
            for dimension in search.space {
                yaml.scalar(dimension.path.value, YAMLWriter.quoted(dimension.distribution.value.description))
            }
        }
    }

    private static func render(_ evaluate: EvaluateSpec, into yaml: inout YAMLWriter) {
        yaml.scalar("metrics", YAMLWriter.list(evaluate.metrics.map(\.value.description)))
        if let relevance = evaluate.relevance { yaml.scalar("relevance", "\(relevance.value)") }
        if let delta = evaluate.huberDelta { yaml.scalar("huber_delta", "\(delta.value)") }
        if let candidates = evaluate.candidates { yaml.scalar("candidates", candidates.value.rawValue) }
        guard !evaluate.gates.isEmpty else { return }
        yaml.section("gates") { yaml in
            for gate in evaluate.gates {
                yaml.section(gate.metric.value.description) { yaml in
                    if let min = gate.min { yaml.scalar("min", "\(min.value)") }
                    if let max = gate.max { yaml.scalar("max", "\(max.value)") }
                    if let margin = gate.maxRegression {
                        yaml.scalar("max_regression", YAMLWriter.quoted(margin.value.description))
                    }
                    if let baseline = gate.baseline { yaml.scalar("baseline", YAMLWriter.quoted(baseline.value)) }
                    if let significance = gate.significance { yaml.scalar("significance", "\(significance.value)") }
                }
            }
        }
    }
}
