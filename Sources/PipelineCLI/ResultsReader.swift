import PipelineExecutor
import PipelineGraph
import PipelineStages

/// Reads a pipeline's results from the cache, as the last run left them.
enum ResultsReader {
    static func results(session: PipelineSession, plan: Plan) -> PipelineResults? {
        var artifact = session.executor.storedArtifact(of: Lowering.NodeID.summarize, in: plan)
        // A search's results come from the configuration it chose, which only its last run knows.
        if artifact == nil, session.spec.search != nil,
            let fingerprint = session.previousLock?.node(Lowering.NodeID.summarize)?.fingerprint
        {
            artifact = session.executor.storedArtifact(fingerprint: fingerprint)
        }
        guard let text = artifact?.stringValue else { return nil }
        return PipelineResults.decode(text)
    }
}

extension PipelineResults {
    var table: String { table() }
    var json: String { jsonText() }
}
