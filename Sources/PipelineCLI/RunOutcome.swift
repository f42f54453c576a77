import Foundation
import PipelineExecutor
import PipelineGraph
import PipelineStages

/// What a finished run tells the user: which nodes ran, failures, and (for
/// ML pipelines) the results table and gates.
struct RunOutcome {
    let session: PipelineSession
    let report: RunReport
    let plan: Plan
    let milliseconds: Int
    /// How each search trial ran in this invocation.
    var trialRuns: [TrialRun] = []

    /// The ML results, when the pipeline has models and the summary was computed.
    var results: PipelineResults? {
        if let text = report.artifacts[Lowering.NodeID.summarize]?.stringValue { return PipelineResults.decode(text) }
        return ResultsReader.results(session: session, plan: plan)
    }

    /// Whether every gate holds; results that a pipeline with models should have but cannot be read hold none.
    var gatesHold: Bool { results?.gatesHold ?? session.resultNodes.isEmpty }

    func text(quiet: Bool) -> String {
        var lines: [String] = []
        let executed = report.executedNodes.count
        let cached = report.outcomes.values.filter { $0 == .cached }.count
        let failed = report.failedNodes
        if !quiet || !failed.isEmpty {
            var summary = "\(report.outcomes.count) nodes: \(executed) ran, \(cached) cached"
            if !failed.isEmpty { summary += ", \(failed.count) failed" }
            let skipped = report.outcomes.values.filter { if case .skipped = $0 { true } else { false } }.count
            if skipped > 0 { summary += ", \(skipped) skipped" }
            let partial = report.partialNodes.count
            if partial > 0 { summary += ", \(partial) partial (on the models that trained; not cached)" }
            summary += " in \(ProgressRenderer.duration(milliseconds))"
            lines.append(summary)
        }
        if report.outcomes[Lowering.NodeID.summarize] != nil, let results {
            lines.append("")
            lines.append(results.table(trialRuns: trialRuns))
        }
        return lines.joined(separator: "\n")
    }

    func json() -> String {
        struct NodeRecord: Encodable {
            var id: String
            var outcome: String
            var milliseconds: Int?
            var message: String?
        }
        let nodes = report.outcomes.keys.sorted().map { id -> NodeRecord in
            switch report.outcomes[id] {
            case .executed(let ms)?: NodeRecord(id: id, outcome: "ran", milliseconds: ms)
            case .cached?: NodeRecord(id: id, outcome: "cached")
            case .partial(let ms)?: NodeRecord(id: id, outcome: "partial", milliseconds: ms)
            case .failed(let message)?: NodeRecord(id: id, outcome: "failed", message: message)
            case .skipped(let dependency)?: NodeRecord(id: id, outcome: "skipped", message: "\(dependency) failed")
            default: NodeRecord(id: id, outcome: "not-started")
            }
        }
        struct Document: Encodable {
            var pipeline: String
            var succeeded: Bool
            var milliseconds: Int
            var nodes: [NodeRecord]
            var results: PipelineResults?
            /// How each search trial ran in this invocation (cached or not, time).
            var trialRuns: [TrialRun]?
        }
        return JSONText.encode(
            Document(
                pipeline: session.path, succeeded: report.succeeded && gatesHold, milliseconds: milliseconds,
                nodes: nodes, results: results, trialRuns: trialRuns.isEmpty ? nil : trialRuns))
    }
}
