import ArgumentParser
import ArtifactCache

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
        guard let results = ResultsReader.results(session: session, plan: plan) else {
            Console.error("\(file): error: no results yet\nhint: run it first: mass run \(file)")
            throw MassExit.failure
        }
        Console.out(json ? results.json : results.table)
    }
}
