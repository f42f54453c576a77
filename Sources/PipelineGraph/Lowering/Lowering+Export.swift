import PipelineSpec

extension Lowering {
    /// The fold number of the final fit on all the data (node ids say `@ final`).
    public static let finalFold = 0

    /// What the export node makes a model file of: the members' final fits in
    /// the combine layout's order, and whether a combine node joins them.
    public struct ExportLayout: Sendable, Hashable {
        public var layout: CombineLayout
        /// False for a pipeline of one model and no `combine`: the model is the export.
        public var combined: Bool
    }

    /// The export's layout, or an error that says how to make the pipeline exportable.
    public func exportLayout(factory: any OperationFactory) throws -> ExportLayout {
        guard !spec.isEventStream else {
            throw GraphError(
                .notExportable,
                "the pipeline evaluates an event stream, whose models learn online; an export fits on all the data at once: "
                    + "export a copy of the pipeline with a split such as 'split: {method: kfold, folds: 5, validation: 0.1}'")
        }
        if let combine = spec.combine {
            return ExportLayout(layout: try factory.layout(of: combine, models: spec.models.map(\.name.value)), combined: true)
        }
        guard spec.models.count == 1, let model = spec.models.first else {
            throw GraphError(
                .notExportable,
                "the pipeline has \(spec.models.count) models and no 'combine' section, so no single model answers requests; "
                    + "add a 'combine' section (for example `combine: {method: average}`)")
        }
        return ExportLayout(layout: .predictions(members: [model.name.value]), combined: false)
    }

    /// The final fit on all the data (a split with no test part, as the
    /// pipeline's split carves validation), the combiner on it, and the export
    /// node. Nodes that `existing` already holds are not added again.
    func exportNodes(factory: any OperationFactory, existing: Set<String>) throws -> [Node] {
        guard let source = spec.trainingSource else {
            throw GraphError(.notExportable, "the pipeline has no training data to fit a final model on")
        }
        let export = try exportLayout(factory: factory)
        var nodes: [Node] = []
        func add(_ id: String, _ step: LoweredStep, inputs: [String]) throws {
            guard !existing.contains(id) else { return }
            nodes.append(Node(id, try factory.operation(for: step), inputs: inputs))
        }
        let load = NodeID.load(source.name.value), fold = Self.finalFold
        if case .file(let file) = source.origin, !file.partitions.isEmpty {
            // A prequential pipeline reads partitions step by step; the final fit reads them all.
            try add(
                load, .joinPartitions(source),
                inputs: (1...file.partitions.count).map { NodeID.load(source.name.value, partition: $0) })
        }
        let split = NodeID.split(fold: fold)
        try add(split, .finalSplit(spec.split), inputs: [load])
        var fitInputs = [load, split]
        if let sample = spec.sample {
            try add(NodeID.sample(fold: fold), .sample(sample, fold: fold), inputs: [load, split])
            fitInputs.append(NodeID.sample(fold: fold))
        }
        var members: [String] = []
        if let combine = spec.combine {
            for (model, role) in Self.memberFits(export.layout) {
                guard let modelSpec = spec.model(named: model) else {
                    throw GraphError(.unknownInput, "no model '\(model)' to combine")
                }
                let id = NodeID.fit(model, role, fold: fold)
                var inputs = fitInputs
                if case .round(let round) = role, round > 1, let previous = members.last { inputs.append(previous) }
                try add(
                    id, .fitMember(modelSpec, combine, role: role, fold: fold), inputs: inputs + attributeInputs(of: modelSpec))
                members.append(id)
            }
        }
        for name in Self.refitMembers(export.layout) {
            guard let model = spec.model(named: name) else { throw GraphError(.unknownInput, "no model '\(name)' to export") }
            let id = NodeID.fit(name, fold: fold)
            try add(id, .fit(model, fold: fold), inputs: fitInputs + attributeInputs(of: model))
            members.append(id)
        }
        var exportInputs = [load, split, NodeID.summarize]
        if let combine = spec.combine {
            try add(
                NodeID.combine(fold: fold), .combine(combine, layout: export.layout, fold: fold),
                inputs: [load, split] + members)
            exportInputs.append(NodeID.combine(fold: fold))
        }
        try add(NodeID.export, .export(export), inputs: exportInputs + members)
        return nodes
    }
}
