import Foundation
import MLTuning
import PipelineExecutor
import PipelineGraph
import PipelineKinds
import PipelineSpec

/// Runs a pipeline's `search:`: the strategy proposes configurations, each is
/// a trial of the graph whose unchanged nodes are shared with the others and
/// come from the cache, the objective is read from the trial's validation
/// metrics, and the best configuration is refit for the final results.
public struct SearchRun: Sendable {
    public let spec: PipelineSpec
    public let search: SearchSpec
    public let folds: Int
    public let pipelineFile: String
    public let executor: Executor

    public init(spec: PipelineSpec, search: SearchSpec, folds: Int, pipelineFile: String, executor: Executor) {
        self.spec = spec
        self.search = search
        self.folds = folds
        self.pipelineFile = pipelineFile
        self.executor = executor
    }

    /// Seconds on a monotonic clock; tests give their own to run a timeout without waiting.
    public var clock: @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// The trials, in order, with what each found.
    public func trials(progress: @escaping ProgressHandler) async throws -> (results: SearchResults, runs: [TrialRun]) {
        let plan = try Kinds.searches.build(search.configuration, SearchContext(search, seed: UInt64(spec.seed.value)))
        let minimize = search.objective.goal.value == .minimize
        let metric = search.objective.metric.value.description
        let target = TrialSpecs.target(of: spec, search: search)
        // Trials write no report; a failing trial must not stop the others.
        var options = executor.options
        options.keepGoing = true
        let trialExecutor = Executor(store: executor.store, workingDirectory: executor.workingDirectory, options: options)
        var base = spec
        base.report = nil
        base.search = nil

        let study = StudyBook(
            search: search, seed: spec.seed.value, plan: plan, pipelineFile: pipelineFile, store: executor.store)
        var seeds = study.seeds
        let started = clock()
        var history: [Observation] = []
        var specs: [PipelineSpec] = []
        var results: [TrialResult] = []
        var runs: [TrialRun] = []
        var factories: [PruningFactory?] = []
        var curves = EpochCurves()
        let pruning = try plan.pruning.map { try Self.checkedPruning($0, target: target, in: spec) }
        var stoppedBy = SearchStudy.StopReason.trials
        while history.count < min(plan.trials, study.replayLimit ?? Int.max) {
            try Task.checkCancellation()
            // At least one batch runs, and the trials of the same study recorded earlier are replayed first.
            if let timeout = plan.timeout, clock() - started >= timeout, history.count >= max(study.replayCount, 1) {
                stoppedBy = .timeout
                break
            }
            let count = min(plan.parallel, plan.trials - history.count)
            let points = seeds.isEmpty ? plan.strategy.propose(history: history, count: count) : Array(seeds.prefix(count))
            seeds.removeFirst(min(seeds.count, points.count))
            if points.isEmpty {
                stoppedBy = .exhausted
                break
            }
            var batch: [(point: [Double], values: [(path: String, value: ParameterValue)])] = []
            // Every trial of a batch compares its epochs with the trials finished before the batch.
            let medians = pruning.map { curves.medians(startup: $0.startup) } ?? [:]
            for point in points {
                let values = TrialSpecs.values(of: point, in: search)
                let trialSpec = try TrialSpecs.apply(values, to: base)
                specs.append(trialSpec)
                factories.append(
                    pruning.map {
                        PruningFactory(
                            base: StageFactory(spec: trialSpec, pipelineFile: pipelineFile), target: target, medians: medians,
                            warmup: $0.warmup)
                    })
                batch.append((point, values))
            }
            let trials = specs.enumerated().map {
                Trial(label: String($0.offset + 1), spec: $0.element, factory: factories[$0.offset])
            }
            let lowering = Lowering(spec: trials[0].spec, folds: min(plan.folds ?? folds, folds))
            let factory = trials[0].factory ?? StageFactory(spec: trials[0].spec, pipelineFile: pipelineFile)
            let (graph, summaries) = try lowering.graph(trials: Array(trials.dropFirst()), factory: factory)
            let runPlan = try trialExecutor.plan(graph, previous: nil)
            let report = await trialExecutor.run(graph, plan: runPlan, previous: nil, progress: progress)
            if report.wasCancelled { throw CancellationError() }
            for entry in batch {
                let number = results.count + 1
                let label = String(number)
                let summary = number == 1 ? Lowering.NodeID.summarize : summaries[label] ?? Lowering.NodeID.summarize
                let nodes = Self.nodes(of: number, in: graph)
                var objective: Double?
                var status = "ok"
                let epochs =
                    pruning == nil
                    ? nil
                    : Self.epochReports(of: target, trial: number, folds: lowering.folds, graph, report, runPlan, trialExecutor)
                if let pruned = epochs?.pruned {
                    status = pruned
                } else if let text = (report.artifacts[summary] ?? trialExecutor.storedArtifact(of: summary, in: runPlan))?
                    .stringValue,
                    let results = PipelineResults.decode(text),
                    let value = results.models.first(where: { $0.name == target })?.validation?[metric]?.mean, value.isFinite
                {
                    objective = value
                } else {
                    let failure = nodes.compactMap { id -> String? in
                        if case .failed(let message)? = report.outcomes[id] { return "\(id): \(message)" }
                        return nil
                    }.first
                    status = "failed: " + (failure ?? "no \(metric) on the validation part of '\(target)'")
                }
                if objective != nil, let epochs { curves.add(trialCurves: epochs.curves) }
                history.append(Observation(point: entry.point, value: objective.map { minimize ? $0 : -$0 }))
                let executed = nodes.compactMap { id -> Int? in
                    if case .executed(let ms)? = report.outcomes[id] { return ms }
                    return nil
                }
                results.append(
                    TrialResult(
                        trial: number,
                        parameters: Dictionary(
                            entry.values.map { ($0.path, $0.value.trialValue) }, uniquingKeysWith: { first, _ in first }),
                        objective: objective, status: status))
                runs.append(TrialRun(trial: number, cached: executed.isEmpty, milliseconds: executed.reduce(0, +)))
            }
            study.record(results, stoppedBy: nil)
        }
        if stoppedBy == .trials, let limit = study.replayLimit, history.count >= limit, limit < plan.trials {
            stoppedBy = study.earlier?.stoppedBy ?? .timeout
        }
        study.record(results, stoppedBy: stoppedBy)
        var summary = Self.summary(
            results, method: search.method.value, metric: metric, goal: search.objective.goal.value, target: target)
        summary.stoppedBy = stoppedBy.rawValue
        summary.resumed = study.seeds.isEmpty ? nil : min(study.seeds.count, results.count)
        return (summary, runs)
    }

    /// A pruned search tunes one model of an iterative kind, whose fits report each epoch.
    static func checkedPruning(_ pruning: SearchPruning, target: String, in spec: PipelineSpec) throws -> SearchPruning {
        guard let model = spec.model(named: target), FitOperation.reportsEpochs(kind: model.kind.value) else {
            let kinds = FitOperation.epochKinds.sorted().joined(separator: ", ")
            throw StageError(
                .data,
                "'prune: median' stops the fits of the model a search tunes after an epoch, but '\(target)' "
                    + "\(spec.model(named: target) == nil ? "is not a model" : "does not train in epochs"); "
                    + "tune only 'models.NAME.*' of a model of kind \(kinds)")
        }
        return pruning
    }

    /// The tuned model's fits of trial `number`: their validation error after each epoch, and whether one was stopped.
    private static func epochReports(
        of target: String, trial number: Int, folds: Int, _ graph: OperationGraph, _ report: RunReport, _ plan: Plan,
        _ executor: Executor
    ) -> (curves: [Int: [Double]], pruned: String?) {
        var curves: [Int: [Double]] = [:]
        var pruned: String?
        for fold in 1...max(folds, 1) {
            let id = Lowering.NodeID.fit(target, fold: fold)
            let tagged = "\(id) [trial \(number)]"
            let node = number > 1 && graph.node(tagged) != nil ? tagged : id
            guard let artifact = report.artifacts[node] ?? executor.storedArtifact(of: node, in: plan),
                let fit = try? PredictionsArtifact(artifact)
            else { continue }
            curves[fold] = fit.validationCurve ?? []
            if pruned == nil, let epoch = fit.prunedAfterEpoch {
                pruned = "pruned after epoch \(epoch) on fold \(fold)"
            }
        }
        return (curves, pruned)
    }

    /// The nodes that belong to trial `number`: tagged ones, or for the first trial the untagged base.
    private static func nodes(of number: Int, in graph: OperationGraph) -> [String] {
        let tag = " [trial \(number)]"
        return number == 1
            ? graph.nodes.map(\.id).filter { !$0.contains(" [trial ") }
            : graph.nodes.map(\.id).filter { $0.hasSuffix(tag) }
    }

    static func summary(_ trials: [TrialResult], method: String, metric: String, goal: Objective.Goal, target: String)
        -> SearchResults
    {
        let better: (Double, Double) -> Bool = goal == .minimize ? { $0 < $1 } : { $0 > $1 }
        var best: TrialResult?
        var curve: [Double?] = []
        for trial in trials {
            if let value = trial.objective, best?.objective.map({ better(value, $0) }) ?? true { best = trial }
            curve.append(best?.objective)
        }
        return SearchResults(
            method: method, metric: metric, goal: goal.rawValue, target: target, trials: trials, best: best?.trial,
            bestSoFar: curve)
    }

    /// The pipeline to run for the final results: the best trial's values, refit on the whole training part.
    public func finalSpec(_ results: SearchResults) throws -> PipelineSpec {
        guard let best = results.bestTrial else { return TrialSpecs.refit(spec) }
        let values = search.space.compactMap { dimension -> (path: String, value: ParameterValue)? in
            guard let value = best.parameters[dimension.path.value] else { return nil }
            return (dimension.path.value, value.parameterValue)
        }
        return TrialSpecs.refit(try TrialSpecs.apply(values, to: spec))
    }
}

extension TrialValue {
    var parameterValue: ParameterValue {
        switch self {
        case .int(let value): .int(value)
        case .double(let value): .double(value)
        case .bool(let value): .bool(value)
        case .string(let value): .string(value)
        }
    }
}
