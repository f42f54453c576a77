import PipelineBasics

extension SpecDecoder {
    static let stageKeys = ["run", "deps", "outs", "params", "env", "retries", "retry_delay", "memory"]

    func decodeStages(_ node: ConfigNode) -> [StageSpec] {
        namedEntries(node, context: "'stages'").compactMap { entry in
            let context = "stage '\(entry.key.value)'"
            guard let reader = MappingReader(entry.value, context: context, sink: sink, owner: entry.key.position) else {
                return nil
            }
            reader.rejectUnknownKeys(allowed: Self.stageKeys)
            let run = reader.required("run", hint: "give the shell command, e.g. run: python3 prepare.py")
                .flatMap { reading.string($0, "'run' in \(context)") }
            let deps = reader["deps"].flatMap { reading.stringList($0, "'deps' in \(context)") } ?? []
            let outs = reader["outs"].flatMap { reading.stringList($0, "'outs' in \(context)") } ?? []
            let params = reader["params"].flatMap { reading.stringList($0, "'params' in \(context)") } ?? []
            let env = reader["env"].map { decodeEnvironment($0, context: "'env' in \(context)") } ?? []
            let retries = reader["retries"].flatMap { node -> Located<Int>? in
                guard let value = reading.int(node, "'retries' in \(context)") else { return nil }
                guard value.value >= 0 else {
                    sink.error(
                        .outOfBounds, "'retries' in \(context) must not be negative, found \(value.value)", at: value.position)
                    return nil
                }
                return value
            }
            let retryDelay = reader["retry_delay"].flatMap { node -> Located<Double>? in
                if let number = reading.number(node), let seconds = number.number, seconds >= 0 {
                    return Located(seconds, at: node.position)
                }
                guard let text = reading.string(node, "'retry_delay' in \(context)"),
                    let seconds = WindowSize.parseDuration(text.value)
                else {
                    sink.error(
                        .invalidValue, "'retry_delay' in \(context) must be a duration such as 2s or 1m", at: node.position)
                    return nil
                }
                return Located(seconds, at: node.position)
            }
            if reader["retry_delay"] != nil && retries == nil {
                sink.error(
                    .missingKey, "'retry_delay' in \(context) needs 'retries'", at: reader.keyPosition("retry_delay"),
                    hints: ["e.g. retries: 3, retry_delay: 2s"])
                return nil
            }
            let memory = reader["memory"].flatMap { node -> Located<Int>? in
                guard let text = reading.string(node, "'memory' in \(context)") else { return nil }
                guard let bytes = MemorySize.parse(text.value), bytes > 0 else {
                    sink.error(
                        .invalidValue, "'memory' in \(context) must be a size such as 2GiB or 512MiB, found '\(text.value)'",
                        at: text.position)
                    return nil
                }
                return Located(bytes, at: text.position)
            }
            guard let run else { return nil }
            if run.value.trimmingWhitespace().isEmpty {
                sink.error(.invalidValue, "'run' in \(context) is empty", at: run.position)
                return nil
            }
            return StageSpec(
                name: entry.key, run: run, deps: deps, outs: outs, params: params, env: env, retries: retries,
                retryDelay: retryDelay, memory: memory)
        }
    }

    private func decodeEnvironment(_ node: ConfigNode, context: String) -> [EnvironmentEntry] {
        guard let reader = MappingReader(node, context: context, sink: sink) else { return [] }
        return reader.entries.compactMap { entry in
            reading.string(entry.value, "'\(entry.key.value)' in \(context)").map { EnvironmentEntry(name: entry.key, value: $0) }
        }
    }
}

extension String {
    func trimmingWhitespace() -> Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
        return self[start..<max(start, end)]
    }
}
