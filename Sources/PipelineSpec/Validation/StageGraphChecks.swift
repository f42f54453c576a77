import PipelineBasics

/// Stages form a graph through their files: a stage that reads another's
/// output runs after it. No output may have two producers, and the graph
/// must be acyclic.
struct StageGraphChecks {
    let spec: PipelineSpec
    let sink: DiagnosticSink

    func run() {
        var producers: [String: (stage: String, position: SourcePosition)] = [:]
        for stage in spec.stages {
            for out in stage.outs {
                let path = StagePaths.normalized(out.value)
                if let earlier = producers[path], earlier.stage == stage.name.value {
                    sink.error(
                        .duplicateOutput, "'\(out.value)' is listed twice in 'outs' of stage '\(stage.name.value)'",
                        at: out.position,
                        notes: ["first listed at line \(earlier.position.line), column \(earlier.position.column)"],
                        hints: ["remove one of the two"])
                } else if let earlier = producers[path] {
                    sink.error(
                        .duplicateOutput,
                        "'\(out.value)' is an output of stage '\(earlier.stage)' and stage '\(stage.name.value)'",
                        at: out.position,
                        notes: ["first declared at line \(earlier.position.line), column \(earlier.position.column)"],
                        hints: ["each file must have one producer"])
                } else {
                    producers[path] = (stage.name.value, out.position)
                }
            }
        }
        let declared = spec.params.map(\.name.value)
        for stage in spec.stages {
            var listed: [String: SourcePosition] = [:]
            for param in stage.params {
                if let first = listed[param.value] {
                    sink.error(
                        .duplicateParam, "parameter '\(param.value)' is listed twice in 'params' of stage '\(stage.name.value)'",
                        at: param.position, notes: ["first listed at line \(first.line), column \(first.column)"],
                        hints: ["remove one of the two"])
                }
                listed[param.value] = listed[param.value] ?? param.position
            }
            for param in stage.params where !declared.contains(param.value) && listed[param.value] == param.position {
                var hints = didYouMean(param.value, among: declared)
                if hints.isEmpty { hints = ["declare it under 'params:'"] }
                sink.error(
                    .undefinedParam, "stage '\(stage.name.value)' lists undefined parameter '\(param.value)'", at: param.position,
                    hints: hints)
            }
        }
        let names = spec.stages.map(\.name.value)
        let successors: (String) -> [String] = { name in
            guard let stage = spec.stage(named: name) else { return [] }
            let outs = Set(stage.outs.map { StagePaths.normalized($0.value) })
            return spec.stages.filter { consumer in consumer.deps.contains { outs.contains(StagePaths.normalized($0.value)) } }
                .map(\.name.value)
        }
        if let cycle = findCycle(names, successors: successors), let first = spec.stage(named: cycle.path[0]) {
            sink.error(
                .cycle, "stages depend on each other in a cycle: " + cycle.path.joined(separator: " -> "),
                at: first.name.position,
                hints: ["a stage cannot read, directly or through others, a file it writes"])
        }
    }
}
