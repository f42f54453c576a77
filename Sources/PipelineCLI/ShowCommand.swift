import ArgumentParser
import ArtifactCache
import PipelineGraph

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the results of the last run (from the lock file and the cache), without running anything."
    )

    @Argument(help: "The pipeline file.") var file: String
    @OptionGroup var parameters: ParameterOptions
    @Option(help: ArgumentHelp("Where artifacts are cached.", valueName: "DIR")) var cacheDir: String?
    @Flag(help: "Print the results as JSON (the format of report.json).") var json = false

    func run() throws {
        let session = try PipelineSession.open(
            file, parameters: parameters, cacheDirectory: cacheDir, json: json, warnings: CacheWarnings.print)
        let plan = try session.plan()
        let stored = plan.node(Lowering.NodeID.summarize).map { session.executor.store.contains($0.fingerprint) } ?? false
        guard let results = ResultsReader.results(session: session, plan: plan) else {
            if stored {
                Console.error(
                    "\(file): error: the stored results cannot be read\nhint: run it again to compute them: mass run \(file)")
            } else {
                Console.error("\(file): error: no results yet\nhint: run it first: mass run \(file)")
            }
            throw MassExit.failure
        }
        Console.out(json ? results.json : results.table)
    }
}
