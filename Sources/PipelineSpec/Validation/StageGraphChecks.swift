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
        // Looked up for every listed parameter of every stage.
        let isDeclared = Set(declared)
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
            for param in stage.params where !isDeclared.contains(param.value) && listed[param.value] == param.position {
                var hints = didYouMean(param.value, among: declared)
                if hints.isEmpty { hints = ["declare it under 'params:'"] }
                sink.error(
                    .undefinedParam, "stage '\(stage.name.value)' lists undefined parameter '\(param.value)'", at: param.position,
                    hints: hints)
            }
        }
        let edges = Self.consumers(of: spec.stages)
        if let cycle = findCycle(count: spec.stages.count, successors: { edges[$0] }) {
            let first = spec.stages[cycle.path[0]]
            sink.error(
                .cycle,
                "stages depend on each other in a cycle: "
                    + cycle.path.map { spec.stages[$0].name.value }.joined(separator: " -> "),
                at: first.name.position,
                hints: ["a stage cannot read, directly or through others, a file it writes"])
        }
    }

    /// For each stage (by position), the stages that read one of its outputs,
    /// in file order and each once; a stage reading its own output lists itself.
    /// - Complexity: O(outs + deps + edges): every path is normalized once.
    static func consumers(of stages: [StageSpec]) -> [[Int]] {
        // Stages are visited in file order, so a stage already listed is the last
        // one listed: repeats are caught without a set per stage.
        var writers: [String: [Int]] = [:]
        for (index, stage) in stages.enumerated() {
            for out in stage.outs {
                let path = StagePaths.normalized(out.value)
                if writers[path]?.last != index { writers[path, default: []].append(index) }
            }
        }
        var consumers = Array(repeating: [Int](), count: stages.count)
        for (index, stage) in stages.enumerated() {
            for dep in stage.deps {
                for producer in writers[StagePaths.normalized(dep.value)] ?? [] where consumers[producer].last != index {
                    // Consumers are visited in file order, so each producer's list stays in file order.
                    consumers[producer].append(index)
                }
            }
        }
        return consumers
    }
}
