import PipelineExecutor
import PipelineGraph
import PipelineStages

/// Reads a pipeline's results from the cache, as the last run left them.
enum ResultsReader {
    static func results(session: PipelineSession, plan: Plan) -> PipelineResults? {
        guard let artifact = session.executor.storedArtifact(of: Lowering.NodeID.summarize, in: plan),
            let text = artifact.stringValue
        else { return nil }
        return PipelineResults.decode(text)
    }
}

extension PipelineResults {
    var table: String { table() }
    var json: String { jsonText() }
}
