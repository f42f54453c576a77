import Testing
import PipelineGraph
import PipelineKinds
import PipelineSpec

/// An operation that only names its step, so tests see what lowering built.
private struct StepRecord: PipelineOperation {
    let step: String
    var name: String { step }
    var version: Int { 1 }
    var configuration: ConfigValue { .string(step) }
    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact { .none }
}

private struct RecordingFactory: OperationFactory {
    func operation(for step: LoweredStep) throws -> any PipelineOperation {
        switch step {
        case .command: StepRecord(step: "command")
        case .load: StepRecord(step: "load")
        case .loadPartition(_, let partition): StepRecord(step: "load part \(partition)")
        case .joinPartitions: StepRecord(step: "join")
        case .window(_, let through): StepRecord(step: "window \(through)")
        case .splitStep(_, let step): StepRecord(step: "split step \(step)")
        case .split(_, let folds): StepRecord(step: "split/\(folds)")
        case .sample: StepRecord(step: "sample")
        case .fit(let model, let fold):
            StepRecord(
                step: "fit \(model.name.value) \(fold) "
                    + model.parameters.effectiveValues.map { "\($0.name)=\($0.value)" }.joined(separator: ","))
        case .fitMember(let model, _, let role, let fold): StepRecord(step: "fit \(model.name.value) [\(role)] \(fold)")
        case .combine(_, let layout, _): StepRecord(step: "combine \(layout)")
        case .evaluate: StepRecord(step: "evaluate")
        case .summarize: StepRecord(step: "summarize")
        case .report: StepRecord(step: "report")
        case .finalSplit: StepRecord(step: "final split")
        case .export(let layout): StepRecord(step: "export \(layout.layout) combined=\(layout.combined)")
        }
    }
}

@Suite struct LoweringTests {
    private func spec(_ text: String) throws -> PipelineSpec {
        let loaded = PipelineLoader(registry: Kinds.registry, environment: [:]).load(text: text, file: "p.yaml")
        return try #require(loaded.spec, "\(loaded.diagnostics.map(\.message))")
    }

    @Test func oneNodePerUnitOfWorkWithEdgesFromInputs() throws {
        let spec = try spec(
            """
            mass: 1
            stages:
              prepare: {run: "cp raw.csv ratings.csv", deps: [raw.csv], outs: [ratings.csv]}
            data:
              ratings: {path: ./ratings.csv}
            split: {method: kfold, folds: 2, validation: 0.1}
            sample: {method: uniform, fraction: 0.5}
            models:
              a: {kind: baseline}
              b: {kind: mf}
            combine: {method: stacking, members: [a, b]}
            report: {json: out.json}
            """)
        let graph = try Lowering(spec: spec, folds: 2).graph(factory: RecordingFactory())
        let ids = Set(graph.nodes.map(\.id))
        #expect(
            ids == [
                "stage prepare", "load ratings", "split",
                "sample @ fold 1", "fit a @ fold 1", "fit b @ fold 1", "evaluate a @ fold 1", "evaluate b @ fold 1",
                "combine @ fold 1", "evaluate combined @ fold 1",
                "sample @ fold 2", "fit a @ fold 2", "fit b @ fold 2", "evaluate a @ fold 2", "evaluate b @ fold 2",
                "combine @ fold 2", "evaluate combined @ fold 2",
                "summarize", "report",
            ])
        #expect(graph.node("load ratings")?.inputs == ["stage prepare"], "a data path a stage writes depends on it")
        #expect(graph.node("fit b @ fold 2")?.inputs == ["load ratings", "split", "sample @ fold 2"])
        #expect(graph.node("combine @ fold 1")?.inputs == ["load ratings", "split", "fit a @ fold 1", "fit b @ fold 1"])
        #expect(graph.node("summarize")?.inputs.count == 6)
        #expect(graph.node("report")?.inputs == ["summarize"])
        #expect(graph.node("split")?.operation.name == "split/2")
    }

    /// Work a search trial does not change is the base pipeline's node, run once for all trials.
    @Test func anExportAddsTheFinalFitOnAllTheDataAndOneExportNode() throws {
        let spec = try spec(
            """
            mass: 1
            data:
              ratings: {synthetic: {users: 10, items: 10, ratings: 50}}
            split: {method: kfold, folds: 2, validation: 0.1}
            sample: {method: uniform, fraction: 0.5}
            models:
              a: {kind: baseline}
              b: {kind: mf}
              c: {kind: knn}
            combine: {method: stacking, members: [a, b], cv: 2}
            """)
        let plain = try Lowering(spec: spec, folds: 2).graph(factory: RecordingFactory())
        let graph = try Lowering(spec: spec, folds: 2).graph(factory: RecordingFactory(), exporting: true)
        let added = Set(graph.nodes.map(\.id)).subtracting(plain.nodes.map(\.id))
        #expect(
            added == ["split @ final", "sample @ final", "fit a @ final", "fit b @ final", "combine @ final", "export"],
            "the model 'c' is not a member, so the export does not fit it")
        #expect(graph.node("split @ final")?.inputs == ["load ratings"])
        #expect(graph.node("fit b @ final")?.inputs == ["load ratings", "split @ final", "sample @ final"])
        #expect(
            graph.node("export")?.inputs == [
                "load ratings", "split @ final", "summarize", "combine @ final", "fit a @ final", "fit b @ final",
            ])
    }

    @Test func severalModelsWithoutACombinerCannotBeExported() throws {
        let spec = try spec(
            """
            mass: 1
            data:
              ratings: {synthetic: {users: 10, items: 10, ratings: 50}}
            models:
              a: {kind: baseline}
              b: {kind: mf}
            """)
        #expect(throws: GraphError.self) {
            try Lowering(spec: spec, folds: 5).graph(factory: RecordingFactory(), exporting: true)
        }
    }

    @Test func trialsShareTheNodesTheyDoNotChange() throws {
        let base = try spec(
            """
            mass: 1
            data:
              ratings: {synthetic: {users: 20, items: 20, ratings: 100}}
            split: {method: kfold, folds: 2}
            models:
              a: {kind: baseline}
              b: {kind: mf, lr: 0.005}
            combine: {method: average}
            """)
        var faster = base
        faster.models[1].configuration.parameters.written["lr"] = Located(.double(0.01), at: .unknown)
        let lowering = Lowering(spec: base, folds: 2)
        let (graph, summaries) = try lowering.graph(
            trials: [Trial(label: "1", spec: faster), Trial(label: "2", spec: base)], factory: RecordingFactory())
        let plain = try lowering.graph(factory: RecordingFactory())
        let added = Set(graph.nodes.map(\.id)).subtracting(plain.nodes.map(\.id))
        var expected: Set<String> = ["summarize [trial 1]"]
        for fold in 1...2 {
            expected.formUnion([
                "fit b @ fold \(fold) [trial 1]", "evaluate b @ fold \(fold) [trial 1]",
                "combine @ fold \(fold) [trial 1]", "evaluate combined @ fold \(fold) [trial 1]",
            ])
        }
        #expect(added == expected, "trial 2 changes nothing, trial 1 only what depends on b's lr")
        #expect(summaries == ["1": "summarize [trial 1]", "2": "summarize"])
        #expect(
            graph.node("combine @ fold 1 [trial 1]")?.inputs == [
                "load ratings", "split", "fit a @ fold 1", "fit b @ fold 1 [trial 1]",
            ])
        #expect(
            graph.node("fit b @ fold 1 [trial 1]")?.seedIdentity == "fit b @ fold 1",
            "a trial draws the base node's random numbers")
    }

    @Test func stagesOnlyPipelineChainsThroughFiles() throws {
        let spec = try spec(
            """
            mass: 1
            stages:
              c: {run: "cat b > c", deps: [b], outs: [c]}
              a: {run: "echo > a", outs: [a]}
              b: {run: "cat a > b", deps: [sub/../a, other.txt], outs: [b]}
            """)
        let graph = try Lowering(spec: spec, folds: 1).graph(factory: RecordingFactory())
        #expect(graph.nodes.map(\.id) == ["stage a", "stage b", "stage c"], "topological order")
        #expect(graph.node("stage b")?.inputs == ["stage a"], "paths compare as the checks compare them")
        #expect(graph.node("stage c")?.inputs == ["stage b"])
    }

    @Test func withoutModelsThereIsNoSplitOrSummary() throws {
        let spec = try spec("mass: 1\ndata:\n  ratings: {synthetic: {users: 5, items: 5, ratings: 10}}\n")
        let graph = try Lowering(spec: spec, folds: 1).graph(factory: RecordingFactory())
        #expect(graph.nodes.map(\.id) == ["load ratings"])
    }
}
