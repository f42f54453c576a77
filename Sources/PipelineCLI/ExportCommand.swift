import ArgumentParser
import ArtifactCache
import Foundation
import MLModels
import PipelineGraph
import PipelineStages

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Train the ensemble on all the data and write it to one model file.",
        discussion: """
            Runs the pipeline (from the cache where it can), then a final fit of every member and of the \
            combiner on all the data, with the validation part the split carves for the combiner and no \
            test part, and writes one versioned, checksummed model file: the members, the combiner, the id \
            tables, the pipeline's name and configuration, the data's hash and the metrics of the run. \
            The final fit is cached like every node: exporting again costs nothing, and after a change \
            to one member only that member trains again. The lock file is left as `mass run` wrote it. \
            `mass export --inspect model.mass` prints what a model file holds. \
            `mass predict`, `mass recommend` and `mass serve` answer with the file.
            """
    )

    @Argument(help: "The pipeline file (with --inspect: the model file).") var file: String
    @Option(name: [.customShort("o"), .customLong("output")], help: "Where to write the model file (e.g. model.mass).")
    var destination: String?
    @Flag(help: "Print what a model file holds instead of exporting.") var inspect = false
    @OptionGroup var parameters: ParameterOptions
    @OptionGroup var execution: ExecutionOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "When another run of this pipeline is in progress, wait for it to end rather than exit with 75.")
    var wait = false

    func validate() throws {
        if !inspect && destination == nil {
            throw ValidationError("say where to write the model file with -o, e.g. `mass export \(file) -o model.mass`")
        }
    }

    func run() async throws {
        if inspect {
            let (ensemble, provenance) = try ModelFileReading.read(file)
            Console.out(
                output.json
                    ? ModelFileDescription(ensemble, provenance).json() : ModelFileDescription(ensemble, provenance).text())
            return
        }
        guard let destination else { throw MassExit.badInput }
        try ModelFileReading.checkWritable(destination)
        let held = try RunLocking.hold(pipeline: file, waiting: wait)
        defer { withExtendedLifetime(held) {} }
        var session = try PipelineSession.open(
            file, parameters: parameters, options: try execution.executorOptions(), cacheDirectory: execution.cacheDir,
            json: output.json, exporting: true, warnings: CacheWarnings.print)
        var trialRuns: [TrialRun] = []
        if let search = session.spec.search { (session, trialRuns) = try await session.searched(search, output: output) }
        let plan = try session.plan()
        let renderer = ProgressRenderer(
            mode: output.json ? .quiet : ProgressRenderer.mode(quiet: output.quiet), verbose: output.verbose, reasons: [:])
        let started = Date()
        let interruption = Interruption.catchSignals()
        let runTask = Task {
            // The lock file records `mass run`; an export leaves it alone.
            await session.executor.run(
                session.graph, plan: plan, previous: session.previousLock, lockFilePath: nil,
                artifactsOf: session.resultNodes + [Lowering.NodeID.export], progress: renderer.handle)
        }
        interruption.cancelOnSignal(runTask)
        let report = await runTask.value
        interruption.stop()
        let outcome = RunOutcome(
            session: session, report: report, plan: plan, milliseconds: Int(Date().timeIntervalSince(started) * 1000),
            trialRuns: trialRuns)
        if !output.json { Console.out(outcome.text(quiet: output.quiet)) }
        if report.wasCancelled {
            Console.error("mass: interrupted; finished nodes are cached, and the next export resumes from them")
            throw ExitCode(interruption.exitCode)
        }
        guard report.succeeded, case .bytes(let bytes)? = report.artifacts[Lowering.NodeID.export]?[field: "file"] else {
            Console.error("mass: error: failed: " + report.failedNodes.joined(separator: ", ") + "; no model file was written")
            throw MassExit.failure
        }
        do {
            try AtomicFile.write(bytes, to: destination)
        } catch {
            Console.error("mass: error: cannot write \(destination): \(error)")
            throw MassExit.failure
        }
        let (ensemble, provenance) = try ModelFileReading.read(destination)
        let description = ModelFileDescription(ensemble, provenance)
        if output.json {
            Console.out("{\"run\": \(outcome.json()),\n\"model\": \(description.json())}")
        } else if !output.quiet {
            Console.out("\nwrote \(destination) (\(bytes.count) bytes)\n" + description.text())
        }
    }
}
