import ArgumentParser
import Foundation
import PipelineExecutor

/// Options of the commands that plan or run a pipeline.
struct ExecutionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Where artifacts are cached (default: .mass/ beside the pipeline, or $MASS_CACHE_DIR).", valueName: "DIR"))
    var cacheDir: String?

    @Option(name: [.short, .long], help: "How many nodes run at once (default: the number of cores).")
    var jobs: Int?

    @Flag(help: "Run every node, ignoring cached results (results are still stored).")
    var noCache = false

    @Option(help: ArgumentHelp("Run this node even when cached (repeatable; ids as `mass dag` prints them).", valueName: "NODE"))
    var force: [String] = []

    @Flag(help: "After a failure, go on with everything that does not depend on it.")
    var keepGoing = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, found \(jobs)") }
    }

    var settings: ExecutionSettings {
        ExecutionSettings(cacheDir: cacheDir, jobs: jobs, noCache: noCache, force: force, keepGoing: keepGoing)
    }
}

/// How a pipeline is planned and run, however the command was given it.
struct ExecutionSettings {
    var cacheDir: String?
    var jobs: Int?
    var noCache = false
    var force: [String] = []
    var keepGoing = false

    func executorOptions(seed: Int) -> ExecutorOptions {
        ExecutorOptions(jobs: jobs ?? ExecutorOptions.defaultJobs, keepGoing: keepGoing, noCache: noCache,
                        forced: Set(force), pipelineSeed: UInt64(seed))
    }

    /// The cache folder: the flag, then `MASS_CACHE_DIR`, then `.mass/` beside the pipeline.
    func cacheDirectory(pipelineFolder: String) -> String {
        if let cacheDir { return cacheDir }
        if let environment = ProcessInfo.processInfo.environment["MASS_CACHE_DIR"], !environment.isEmpty { return environment }
        return pipelineFolder + "/.mass"
    }
}

/// How much the run prints.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print the result as JSON on standard output.")
    var json = false

    @Flag(name: [.short, .long], help: "Print only errors and the final result.")
    var quiet = false

    @Flag(name: [.short, .long], help: "Also print why each node runs.")
    var verbose = false
}
