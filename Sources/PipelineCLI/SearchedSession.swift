import ArgumentParser
import PipelineGraph
import PipelineSpec
import PipelineStages

extension PipelineSession {
    /// Runs the search's trials, then returns the session with the graph of
    /// the best configuration, refit (and, when the session exports, its export nodes).
    func searched(_ search: SearchSpec, output: OutputOptions) async throws -> (PipelineSession, [TrialRun]) {
        let searchRun = SearchRun(
            spec: spec, search: search, folds: lowering.folds, pipelineFile: path, executor: executor)
        let renderer = ProgressRenderer(
            mode: output.json ? .quiet : ProgressRenderer.mode(quiet: output.quiet), verbose: output.verbose, reasons: [:])
        let interruption = Interruption.catchSignals()
        let task = Task { try await searchRun.trials(progress: renderer.handle) }
        interruption.cancelOnSignal(task)
        let results: SearchResults
        let runs: [TrialRun]
        do {
            (results, runs) = try await task.value
        } catch is CancellationError {
            interruption.stop()
            Console.error("mass: interrupted; finished trials are cached, and the next run resumes from them")
            throw ExitCode(interruption.exitCode)
        }
        interruption.stop()
        let final = try searchRun.finalSpec(results)
        let graph = try Lowering(spec: final, folds: lowering.folds).graph(
            factory: StageFactory(spec: final, pipelineFile: path, search: results, baselines: baselines),
            exporting: exporting)
        return (replacing(graph: graph, spec: final), runs)
    }
}
