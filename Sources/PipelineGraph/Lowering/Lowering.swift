import PipelineSpec

/// Lowers a checked spec into an operation graph: one node per unit of work,
/// edges from inputs to consumers. Node ids are stable and readable
/// (`fit svd @ fold 3`) because the lock file, plans and per-node seeds use them.
public struct Lowering: Sendable {
    /// The name of the combined model in results.
    public static let combinedTarget = "combined"

    public let spec: PipelineSpec
    /// How many test folds the split makes; the caller knows it from the spec
    /// or, for `given` splits, from the data.
    public let folds: Int

    public init(spec: PipelineSpec, folds: Int) {
        self.spec = spec
        self.folds = folds
    }

    /// Node ids, shared by lowering and whoever reads results.
    public enum NodeID {
        public static func stage(_ name: String) -> String { "stage \(name)" }
        public static func load(_ name: String) -> String { "load \(name)" }
        public static func load(_ name: String, partition: Int) -> String { "load \(name) [part \(partition)]" }
        public static let split = "split"
        public static func window(fold: Int) -> String { "window @ fold \(fold)" }
        public static func split(fold: Int) -> String { "split @ \(at(fold))" }
        public static func sample(fold: Int) -> String { "sample @ \(at(fold))" }
        public static func fit(_ model: String, fold: Int) -> String { "fit \(model) @ \(at(fold))" }
        public static func fit(_ model: String, _ role: MemberRole, fold: Int) -> String {
            "fit \(model) [\(role)] @ \(at(fold))"
        }
        public static func combine(fold: Int) -> String { "combine @ \(at(fold))" }
        public static let export = "export"

        /// `fold N`, or `final` for fold 0: the final fit on all the data that an export trains.
        private static func at(_ fold: Int) -> String { fold == Lowering.finalFold ? "final" : "fold \(fold)" }
        public static func evaluate(_ target: String, fold: Int) -> String { "evaluate \(target) @ fold \(fold)" }
        public static let summarize = "summarize"
        public static let report = "report"
    }

    /// Results are reported for every model and, with `combine`, the combination.
    public var targets: [String] {
        spec.models.map(\.name.value) + (spec.combine == nil ? [] : [Self.combinedTarget])
    }

    /// The pipeline's graph; with `exporting`, also the final fit on all the
    /// data and the `export` node that makes one model file of it.
    public func graph(factory: any OperationFactory, exporting: Bool = false) throws -> OperationGraph {
        var nodes: [Node] = []
        func add(_ id: String, _ step: LoweredStep, inputs: [String]) throws {
            nodes.append(Node(id, try factory.operation(for: step), inputs: inputs))
        }

        let producers = stageOutputProducers()
        let stepwise = try factory.splitsByPartition(spec.split)
        for stage in spec.stages {
            let inputs = stage.deps.compactMap { producers[StagePaths.normalized($0.value)] }.filter { $0 != stage.name.value }
            try add(NodeID.stage(stage.name.value), .command(stage), inputs: unique(inputs.map(NodeID.stage)))
        }
        for source in spec.data {
            func producer(of path: Located<String>) -> [String] {
                producers[StagePaths.normalized(path.value)].map { [NodeID.stage($0)] } ?? []
            }
            guard case .file(let file) = source.origin, !file.partitions.isEmpty else {
                let path = source.origin.file?.path ?? source.origin.attributes?.path
                let inputs = path.map(producer) ?? []
                try add(NodeID.load(source.name.value), .load(source), inputs: inputs)
                continue
            }
            // One node per partition: appending a file reads only that file again.
            var parts: [String] = []
            for (index, path) in file.partitions.enumerated() {
                let id = NodeID.load(source.name.value, partition: index + 1)
                try add(id, .loadPartition(source, partition: index + 1), inputs: producer(of: path))
                parts.append(id)
            }
            // Prequential steps read the partitions themselves, never the whole source.
            if !(stepwise && source.name == spec.trainingSource?.name) {
                try add(NodeID.load(source.name.value), .joinPartitions(source), inputs: parts)
            }
        }
        guard !spec.models.isEmpty, let source = spec.trainingSource else { return try OperationGraph(nodes) }

        let metrics = spec.evaluate ?? EvaluateSpec(metrics: [Located(.rmse, at: spec.version.position)])
        if !stepwise { try add(NodeID.split, .split(spec.split, folds: folds), inputs: [NodeID.load(source.name.value)]) }
        var evaluations: [String] = []
        for fold in 1...folds {
            // The fold's data and split: the whole source and its one split, or a prequential step's own.
            var load = NodeID.load(source.name.value), split = NodeID.split
            if stepwise {
                load = NodeID.window(fold: fold)
                split = NodeID.split(fold: fold)
                let parts = (1...fold + 1).map { NodeID.load(source.name.value, partition: $0) }
                try add(load, .window(source, through: fold + 1), inputs: parts)
                try add(split, .splitStep(spec.split, step: fold), inputs: [load])
            }
            var fitInputs = [load, split]
            if let sample = spec.sample {
                try add(NodeID.sample(fold: fold), .sample(sample, fold: fold), inputs: [load, split])
                fitInputs.append(NodeID.sample(fold: fold))
            }
            for model in spec.models {
                let fit = NodeID.fit(model.name.value, fold: fold)
                // An incremental model's step updates the previous step's trained model.
                let previous =
                    stepwise && model.incremental != nil && fold > 1 ? [NodeID.fit(model.name.value, fold: fold - 1)] : []
                try add(fit, .fit(model, fold: fold), inputs: fitInputs + previous + attributeInputs(of: model))
                let evaluate = NodeID.evaluate(model.name.value, fold: fold)
                try add(
                    evaluate, .evaluate(target: model.name.value, fold: fold, metrics: metrics, ensemble: nil),
                    inputs: [load, split, fit])
                evaluations.append(evaluate)
            }
            if let combine = spec.combine {
                let layout = try factory.layout(of: combine, models: spec.models.map(\.name.value))
                var members: [String] = []
                for (model, role) in Self.memberFits(layout) {
                    guard let modelSpec = spec.model(named: model) else {
                        throw GraphError(.unknownInput, "no model '\(model)' to combine")
                    }
                    let id = NodeID.fit(model, role, fold: fold)
                    var inputs = fitInputs
                    if case .round(let round) = role, round > 1, let previous = members.last { inputs.append(previous) }
                    try add(
                        id, .fitMember(modelSpec, combine, role: role, fold: fold),
                        inputs: inputs + attributeInputs(of: modelSpec))
                    members.append(id)
                }
                members += Self.refitMembers(layout).map { NodeID.fit($0, fold: fold) }
                try add(
                    NodeID.combine(fold: fold), .combine(combine, layout: layout, fold: fold),
                    inputs: [load, split] + members)
                let evaluate = NodeID.evaluate(Self.combinedTarget, fold: fold)
                // Ranking every item asks the members' trained models, not their predictions.
                let ranking = metrics.ranksAllItems
                try add(
                    evaluate,
                    .evaluate(target: Self.combinedTarget, fold: fold, metrics: metrics, ensemble: ranking ? layout : nil),
                    inputs: [load, split, NodeID.combine(fold: fold)] + (ranking ? members : []))
                evaluations.append(evaluate)
            }
        }
        try add(NodeID.summarize, .summarize(targets: targets, folds: folds, metrics: metrics), inputs: evaluations)
        if let report = spec.report {
            try add(NodeID.report, .report(report), inputs: [NodeID.summarize])
        }
        if exporting { nodes += try exportNodes(factory: factory, existing: Set(nodes.map(\.id))) }
        return try OperationGraph(nodes)
    }

    /// The combiner's own fit nodes, in the order the combine node takes them:
    /// bagging members, boosting rounds, or each member's inner parts in turn.
    public static func memberFits(_ layout: CombineLayout) -> [(model: String, role: MemberRole)] {
        switch layout {
        case .predictions: []
        case .resampled(let model, let count): (1...max(count, 1)).map { (model, .resample(index: $0)) }
        case .sequential(let models, let rounds):
            models.isEmpty ? [] : (1...max(rounds, 1)).map { (models[($0 - 1) % models.count], .round($0)) }
        case .outOfFold(let members, let parts, _):
            members.flatMap { member in (1...max(parts, 1)).map { (member, MemberRole.part($0, of: parts)) } }
        }
    }

    /// The fold's own fit nodes the combine node reads after the member fits.
    public static func refitMembers(_ layout: CombineLayout) -> [String] {
        switch layout {
        case .predictions(let members): members
        case .outOfFold(let members, _, let refit): refit ? members : []
        case .resampled, .sequential: []
        }
    }

    /// The attribute tables a model's fits read after their other inputs
    /// (`features: [users.age, ...]`): the `load` nodes of `users` and `items`.
    func attributeInputs(of model: ModelSpec) -> [String] {
        model.attributeEntities.compactMap { spec.attributeSource($0) }.map { NodeID.load($0.name.value) }
    }

    /// Which stage writes each (normalized) output path.
    private func stageOutputProducers() -> [String: String] {
        var producers: [String: String] = [:]
        for stage in spec.stages {
            for out in stage.outs where producers[StagePaths.normalized(out.value)] == nil {
                producers[StagePaths.normalized(out.value)] = stage.name.value
            }
        }
        return producers
    }

    private func unique(_ ids: [String]) -> [String] {
        var seen: Set<String> = []
        return ids.filter { seen.insert($0).inserted }
    }
}
