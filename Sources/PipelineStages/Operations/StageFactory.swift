import Foundation
import PipelineExecutor
import PipelineGraph
import PipelineKinds
import PipelineSpec
import RunComparison

/// Maps every lowered step of a pipeline to the operation that runs it.
public struct StageFactory: OperationFactory {
    public let spec: PipelineSpec
    /// The pipeline file's path, for messages that point back into it.
    public let pipelineFile: String
    /// A finished search's trials, reported with the final results.
    public let search: SearchResults?
    /// The metrics of the revisions regression gates compare with, by revision.
    public let baselines: [String: Baseline]
    /// The pipeline's parameter values by name, built once: every command stage looks its own up.
    private let parameterValues: [String: ConfigValue]

    public init(spec: PipelineSpec, pipelineFile: String, search: SearchResults? = nil, baselines: [String: Baseline] = [:]) {
        self.spec = spec
        self.pipelineFile = pipelineFile
        self.search = search
        self.baselines = baselines
        parameterValues = Dictionary(
            spec.params.map { ($0.name.value, ConfigValue($0.value.value)) }, uniquingKeysWith: { first, _ in first })
    }

    public func operation(for step: LoweredStep) throws -> any PipelineOperation {
        switch step {
        case .command(let stage):
            return commandStage(stage)
        case .load(let source):
            if let table = source.origin.attributes { return LoadAttributesOperation(name: source.name.value, table: table) }
            return LoadOperation(source: source)
        case .loadPartition(let source, let partition):
            return LoadOperation(source: source, partition: partition)
        case .joinPartitions(let source):
            return JoinPartitionsOperation(source: source)
        case .window(let source, let through):
            return JoinPartitionsOperation(source: source, window: through)
        case .splitStep(let split, let step):
            return SplitOperation(split: split, step: step)
        case .split(let split, _):
            return SplitOperation(split: split)
        case .finalSplit(let split):
            return FinalSplitOperation(split: split)
        case .sample(let sample, let fold):
            return SampleOperation(sample: sample, fold: fold)
        case .fit(let model, let fold):
            var fit = FitOperation(model: model, fold: fold, sampled: spec.sample != nil)
            // The final fit of an export trains on all the data at once.
            if let incremental = model.incremental?.value, fold != Lowering.finalFold, try splitsByPartition(spec.split) {
                fit.incremental = try IncrementalFit(model: model, settings: incremental, fold: fold)
            }
            if let stream = try eventStream(), fold != Lowering.finalFold {
                fit.online = try OnlineFit(model: model, batch: stream.batch, windows: stream.windows)
            }
            return fit
        case .fitMember(let model, let combine, let role, let fold):
            var fit = MemberFitOperation(
                model: model, method: try method(of: combine), role: role, fold: fold, sampled: spec.sample != nil)
            fit.keepsModel = spec.evaluate?.ranksAllItems ?? false
            return fit
        case .combine(let combine, let layout, let fold):
            var operation = CombineOperation(combine: combine, method: try method(of: combine), layout: layout, fold: fold)
            if fold != Lowering.finalFold { operation.stream = try eventStream() }
            return operation
        case .evaluate(let target, let fold, let metrics, let ensemble):
            return EvaluateOperation(target: target, fold: fold, evaluate: metrics, ensemble: ensemble)
        case .summarize(let targets, let folds, let metrics):
            let kinds = targets.map { name in
                (name: name, kind: spec.model(named: name)?.kind.value ?? spec.combine?.method.value ?? "combined")
            }
            let gated = spec.combine != nil ? [Lowering.combinedTarget] : spec.models.map(\.name.value)
            let steps =
                try splitsByPartition(spec.split) ? spec.trainingSource?.origin.file?.partitions.dropFirst().map(\.value) : nil
            return SummarizeOperation(
                pipelineName: pipelineName, targets: kinds, folds: folds, evaluate: metrics, gatedTargets: gated, search: search,
                steps: steps, baselines: baselines)
        case .report(let report):
            return ReportOperation(report: report)
        case .export(let layout):
            return ExportOperation(
                pipelineName: pipelineName, layout: layout, combine: spec.combine,
                models: spec.models.filter { CombineOperation.memberNames(layout.layout).contains($0.name.value) })
        }
    }

    public func splitsByPartition(_ split: KindConfiguration?) throws -> Bool {
        guard let split else { return false }
        return try Kinds.splits.build(split).method == .prequential
    }

    /// With a prequential split by event: its batch and the number of windows the results show.
    func eventStream() throws -> EventStream? {
        guard let split = spec.split else { return nil }
        let plan = try Kinds.splits.build(split)
        guard case .events(let batch) = plan.method else { return nil }
        return EventStream(batch: batch, windows: plan.windows)
    }

    /// The combine section's method, built by its kind.
    func method(of combine: CombineSpec) throws -> CombineMethod {
        try Kinds.combiners.build(combine.configuration, CombineContext(combine, models: spec.models.map(\.name.value)))
    }

    /// The fits the combine method needs: the table decides, lowering builds them.
    public func layout(of combine: CombineSpec, models: [String]) throws -> CombineLayout {
        switch try method(of: combine) {
        case .average(let members): .predictions(members: members)
        case .weighted(let plan): .predictions(members: plan.members)
        case .bagging(let model, let count, _): .resampled(model: model, count: count)
        case .boosting(let plan): .sequential(models: plan.models, rounds: plan.rounds)
        case .stacking(let plan):
            switch plan.source {
            case .validation: .predictions(members: plan.members)
            case .crossValidation(let parts): .outOfFold(members: plan.members, parts: parts, refit: plan.refit)
            case .holdout: .outOfFold(members: plan.members, parts: 1, refit: plan.refit)
            }
        }
    }

    private var pipelineName: String {
        spec.name?.value ?? URL(fileURLWithPath: pipelineFile).deletingPathExtension().lastPathComponent
    }

    private func commandStage(_ stage: StageSpec) -> CommandStage {
        var params: [String: ConfigValue] = [:]
        for name in stage.params.map(\.value) {
            params[name] = parameterValues[name] ?? .null
        }
        return CommandStage(
            command: stage.run.value,
            environment: Dictionary(stage.env.map { ($0.name.value, $0.value.value) }, uniquingKeysWith: { _, last in last }),
            deps: stage.deps.map(\.value), outs: stage.outs.map(\.value), params: .object(params),
            retries: stage.retries?.value ?? 0, retryDelay: stage.retryDelay?.value ?? 1, memory: stage.memory?.value)
    }
}

extension ConfigValue {
    /// A spec parameter value as configuration that enters fingerprints.
    public init(_ value: ParameterValue) {
        switch value {
        case .int(let number): self = .int(number)
        case .double(let number): self = .double(number)
        case .bool(let flag): self = .bool(flag)
        case .string(let text): self = .string(text)
        case .list(let values): self = .array(values.map(ConfigValue.init))
        }
    }
}
