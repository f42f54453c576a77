import PipelineSpec

/// One configuration a search tries: the pipeline with some values changed.
public struct Trial: Sendable {
    /// Short and unique among the trials, e.g. `3`; it tags the nodes the trial changes.
    public var label: String
    public var spec: PipelineSpec
    /// Makes this trial's operations in place of the graph's factory (a trial
    /// whose fits stop early, say); `nil` for the graph's.
    public var factory: (any OperationFactory)?

    public init(label: String, spec: PipelineSpec, factory: (any OperationFactory)? = nil) {
        self.label = label
        self.spec = spec
        self.factory = factory
    }
}

extension Lowering {
    /// One graph for the base pipeline and its trials. A trial's node that
    /// does the same work as the base pipeline's (same operation, version,
    /// configuration and inputs) *is* the base node, so the work runs once
    /// for all trials; a node a trial changes gets the id `ID [trial LABEL]`
    /// and keeps the base node's seed identity, so trials differ only by
    /// the values they vary.
    ///
    /// - Returns: the graph, and for every trial the id of its `summarize` node.
    public func graph(trials: [Trial], factory: any OperationFactory) throws -> (
        graph: OperationGraph, summaries: [String: String]
    ) {
        let base = try graph(factory: factory)
        var nodes = base.nodes
        var known = Dictionary(uniqueKeysWithValues: base.nodes.map { ($0.id, $0) })
        var summaries: [String: String] = [:]
        for trial in trials {
            let lowered = try Lowering(spec: trial.spec, folds: folds).graph(factory: trial.factory ?? factory)
            // Trial id → graph id; nodes come in topological order, so inputs are mapped first.
            var renamed: [String: String] = [:]
            for node in lowered.nodes {
                let inputs = node.inputs.map { renamed[$0] ?? $0 }
                if let existing = known[node.id], Self.sameWork(existing, node, inputs: inputs) {
                    renamed[node.id] = node.id
                    continue
                }
                let id = "\(node.id) [trial \(trial.label)]"
                renamed[node.id] = id
                if known[id] == nil {
                    let added = Node(id, node.operation, inputs: inputs, seedIdentity: node.seedIdentity)
                    nodes.append(added)
                    known[id] = added
                }
            }
            summaries[trial.label] = renamed[NodeID.summarize]
        }
        return (try OperationGraph(nodes), summaries)
    }

    private static func sameWork(_ existing: Node, _ candidate: Node, inputs: [String]) -> Bool {
        existing.operation.name == candidate.operation.name && existing.operation.version == candidate.operation.version
            && existing.operation.configuration == candidate.operation.configuration && existing.inputs == inputs
            && existing.operation.fileDependencies == candidate.operation.fileDependencies
    }
}
