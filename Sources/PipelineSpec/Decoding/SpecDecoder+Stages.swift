import PipelineBasics

extension SpecDecoder {
    static let stageKeys = ["run", "deps", "outs", "params", "env"]

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
            guard let run else { return nil }
            if run.value.trimmingWhitespace().isEmpty {
                sink.error(.invalidValue, "'run' in \(context) is empty", at: run.position)
                return nil
            }
            return StageSpec(name: entry.key, run: run, deps: deps, outs: outs, params: params, env: env)
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
