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
    @Flag(help: "Print the best configuration a search found, as YAML to paste into the pipeline.") var best = false

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
        if best {
            guard let search = results.search, search.best != nil else {
                Console.error(
                    "\(file): error: no search results\nhint: the pipeline needs a 'search:' section, run with mass run \(file)")
                throw MassExit.failure
            }
            Console.out(search.bestFragment())
            return
        }
        Console.out(json ? results.json : results.table)
    }
}
