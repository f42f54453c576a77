import Foundation
import PipelineGraph
import PipelineSpec
import RunComparison

/// Gathers every evaluation into the pipeline's results: metrics per fold,
/// mean and standard deviation, fallbacks, and the gates.
struct SummarizeOperation: PipelineOperation {
    let pipelineName: String
    let targets: [(name: String, kind: String)]
    let folds: Int
    let evaluate: EvaluateSpec
    /// Whose metrics the gates check: the combination, else every model.
    let gatedTargets: [String]
    /// The search that chose this configuration, reported with the results.
    var search: SearchResults? = nil
    /// The partition each fold scores, for a prequential split.
    var steps: [String]? = nil
    /// What regression gates compare with, by revision; read from git before the run.
    var baselines: [String: Baseline] = [:]

    var name: String { "summarize" }
    /// 2: what the combiner learned, under `combine`; 3: validation metrics; 4: metrics that are not finite fail the summary;
    /// 5: each fold's metrics recorded for the lock file. 6: learning curves and rating histograms.
    var version: Int { 6 }
    var usesSeed: Bool { false }
    /// Under `--keep-going`, the models that trained are summarized and the others marked failed.
    var runsWithFailedInputs: Bool { true }

    var configuration: ConfigValue {
        var fields: [String: ConfigValue] = [
            "pipeline": .string(pipelineName),
            "targets": .array(targets.map { .string("\($0.name):\($0.kind)") }),
            "gates": .array(
                evaluate.gates.map { gate in
                    .object([
                        "metric": .string(gate.metric.value.description),
                        "min": gate.min.map { .double($0.value) } ?? .null,
                        "max": gate.max.map { .double($0.value) } ?? .null,
                        "max_regression": gate.maxRegression.map { .string($0.value.description) } ?? .null,
                        "baseline": gate.maxRegression == nil ? .null : .string(gate.baseline?.value ?? Gate.defaultBaseline),
                        "significance": gate.significance.map { .double($0.value) } ?? .null,
                    ])
                }),
            "search": search.map { .string($0.jsonText()) } ?? .null,
            "steps": steps.map { .array($0.map(ConfigValue.string)) } ?? .null,
            "baselines": baselines.isEmpty ? .null : .string(Self.baselineText(baselines)),
        ]
        if evaluate.ranksAllItems { fields["candidates"] = .string(RankingCandidates.all.rawValue) }
        return .object(fields)
    }

    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        guard inputs.count == targets.count * folds else { throw StageError.malformedInput("summary") }
        let metricNames = evaluate.metrics.map(\.value.description)
        var results: [TargetResults] = []
        for (position, target) in targets.enumerated() {
            // Inputs come fold by fold, each fold listing every target.
            let evaluations = (0..<folds).map { inputs[$0 * targets.count + position] }
            // An evaluation that failed (or whose model did) arrives as `.none`.
            let failedFolds = evaluations.indices.filter { evaluations[$0] == .none }.map { $0 + 1 }
            if !failedFolds.isEmpty {
                results.append(
                    TargetResults(
                        name: target.name, kind: target.kind, metrics: [:], predictions: 0, fallbacks: 0,
                        failedFolds: failedFolds))
                continue
            }
            var metrics: [String: MetricStatistics] = [:]
            for name in metricNames {
                let folds = evaluations.map { $0[field: "metric." + name]?.doubleValue ?? .nan }
                let statistics = MetricStatistics(folds: folds)
                if let fold = folds.firstIndex(where: { !$0.isFinite }) {
                    throw StageError(
                        .evaluation,
                        "the metrics of model '\(target.name)' on fold \(fold + 1) are not finite (\(name) = \(folds[fold]))")
                }
                guard statistics.mean.isFinite, statistics.std.isFinite else {
                    throw StageError(
                        .evaluation,
                        "the mean or standard deviation of \(name) over the folds of model '\(target.name)' is not finite: the values are too large to compute with"
                    )
                }
                metrics[name] = statistics
            }
            var validation: [String: MetricStatistics] = [:]
            for name in metricNames {
                let values = evaluations.compactMap { $0[field: "validation." + name]?.doubleValue }
                if values.count == folds { validation[name] = MetricStatistics(folds: values) }
            }
            let predictions = evaluations.reduce(0) { $0 + Int($1[field: "predictions"]?.doubleValue ?? 0) }
            let fallbacks = evaluations.reduce(0) { $0 + Int($1[field: "fallbacks"]?.doubleValue ?? 0) }
            var result = TargetResults(
                name: target.name, kind: target.kind, metrics: metrics, predictions: predictions, fallbacks: fallbacks,
                validation: validation.isEmpty ? nil : validation,
                epochLosses: meanEpochLosses(evaluations.compactMap { $0[field: "epochLosses"]?.doubleArray }),
                histogram: RatingHistogram.sum(evaluations.map { RatingHistogram($0[field: "histogram"]) }))
            let notes = evaluations.enumerated().compactMap { fold, evaluation in
                evaluation[field: "trainingNote"]?.stringValue.map { "fold \(fold + 1): \($0)" }
            }
            result.notes = notes.isEmpty ? nil : notes
            // An event stream is one fold: its windows are the results' error over time.
            if folds == 1 { result.windowErrors = evaluations.first?[field: "windowErrors"]?.doubleArray }
            results.append(result)
        }
        var gates: [GateResult] = []
        for gate in evaluate.gates where gate.min != nil || gate.max != nil {
            let metric = gate.metric.value.description
            for target in results where gatedTargets.contains(target.name) {
                gates.append(
                    GateResult(
                        metric: metric, model: target.name, min: gate.min?.value, max: gate.max?.value,
                        value: target.metrics[metric]?.mean))
            }
        }
        var regressions: [RegressionGateResult] = []
        for gate in evaluate.gates {
            guard let margin = gate.maxRegression?.value else { continue }
            let revision = gate.baseline?.value ?? Gate.defaultBaseline
            let baseline =
                baselines[revision]
                ?? Baseline(revision: revision, commit: nil, metrics: [:], folds: [:], missing: "the baseline was not read")
            for target in results where gatedTargets.contains(target.name) {
                let statistics = target.metrics[gate.metric.value.description]
                regressions.append(
                    RegressionCheck.evaluate(
                        metric: gate.metric.value, model: target.name, value: statistics?.mean, folds: statistics?.folds ?? [],
                        margin: margin, significance: gate.significance?.value, baseline: baseline))
            }
        }
        for target in results {
            for (metric, statistics) in target.metrics {
                context.record(metric: "\(target.name).\(metric)", statistics.mean)
                // Each fold's value too, for gates that test a regression over the folds.
                for (fold, value) in statistics.folds.enumerated() {
                    context.record(metric: "\(target.name).\(metric)#\(fold + 1)", value)
                }
            }
        }
        var combine: CombineResults?
        for evaluation in inputs {
            guard let text = evaluation[field: "details"]?.stringValue, let details = CombineResults.decode(text) else {
                continue
            }
            if combine == nil { combine = CombineResults(method: details.method) }
            combine?.append(details)
        }
        let summary = PipelineResults(
            pipeline: pipelineName, folds: folds, metrics: metricNames, models: results, gates: gates, combine: combine,
            search: search, steps: steps, regressionGates: regressions.isEmpty ? nil : regressions,
            baseline: baselines.values.sorted { $0.revision < $1.revision }.first,
            candidates: evaluate.ranksAllItems && metricNames.contains { MetricName(parsing: $0)?.lowerIsBetter == false }
                ? RankingCandidates.all.rawValue : nil)
        return .string(summary.jsonText())
    }

    static func baselineText(_ baselines: [String: Baseline]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(baselines)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
