import ArgumentParser
import Foundation
import PipelineBasics
import PipelineExecutor
import PipelineGraph
import PipelineSpec
import PipelineStages

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline: only the nodes whose inputs changed since the last run.",
        discussion: """
            Results are cached under .mass/ beside the pipeline (or --cache-dir, $MASS_CACHE_DIR); \
            <pipeline>.lock records every node's fingerprint and the final metrics. \
            Ctrl-C (or SIGTERM) stops cleanly: what finished stays cached and the next run resumes from there. \
            Runs of one pipeline never overlap: a second one exits with 75, or waits with --wait. \
            Exits 0 on success, 1 when a node or a gate failed, 64 for a bad pipeline file, \
            75 when another run of the pipeline is in progress, 130 after Ctrl-C and 143 after SIGTERM.
            """
    )

    @Argument(help: "The pipeline file.") var file: String
    @OptionGroup var parameters: ParameterOptions
    @OptionGroup var execution: ExecutionOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "When another run of this pipeline is in progress, wait for it to end rather than exit with 75.")
    var wait = false

    func run() async throws {
        let held = try RunLocking.hold(pipeline: file, waiting: wait)
        defer { withExtendedLifetime(held) {} }
        var trialRuns: [TrialRun] = []
        var session = try PipelineSession.open(
            file, parameters: parameters, options: try execution.executorOptions(),
            cacheDirectory: execution.cacheDir, json: output.json, warnings: CacheWarnings.print)
        let started = Date()
        if let search = session.spec.search {
            (session, trialRuns) = try await session.searched(search, output: output)
        }
        let plan = try session.plan()
        // Only --verbose prints why a node runs.
        let reasons =
            output.verbose
            ? Dictionary(
                uniqueKeysWithValues: plan.nodes.map { ($0.id, $0.reasons.map(\.description).joined(separator: "; ")) })
            : [:]
        let renderer = ProgressRenderer(
            mode: output.json ? .quiet : ProgressRenderer.mode(quiet: output.quiet), verbose: output.verbose,
            reasons: reasons)
        let interruption = Interruption.catchSignals()
        let runTask = Task {
            await session.executor.run(
                session.graph, plan: plan, previous: session.previousLock, lockFilePath: session.lockPath,
                artifactsOf: session.resultNodes, progress: renderer.handle)
        }
        interruption.cancelOnSignal(runTask)
        let report = await runTask.value
        interruption.stop()
        let elapsed = Int(Date().timeIntervalSince(started) * 1000)

        let outcome = RunOutcome(session: session, report: report, plan: plan, milliseconds: elapsed, trialRuns: trialRuns)
        if output.json {
            Console.out(outcome.json())
        } else {
            Console.out(outcome.text(quiet: output.quiet))
        }
        if !report.failedNodes.isEmpty {
            Console.error(
                "mass: error: failed: " + report.failedNodes.joined(separator: ", ")
                    + (execution.keepGoing ? "" : "; see above (--keep-going runs everything independent of them)"))
        }
        if let problem = report.lockWriteError { Console.error("mass: warning: \(problem)") }
        if report.wasCancelled {
            Console.error("mass: interrupted; finished nodes are cached, and the next run resumes from them")
            throw ExitCode(interruption.exitCode)
        }
        let succeeded = report.succeeded && outcome.gatesHold
        // What the run built is freed on another thread, which the process's exit
        // overtakes: a 10,000-stage pipeline's graph and plan take tens of
        // milliseconds to free, that nobody needs to wait for.
        releaseInBackground((consume session, consume plan, consume report, consume outcome, consume runTask))
        if !succeeded { throw MassExit.failure }
    }
}
