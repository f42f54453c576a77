import Foundation
import ArgumentParser
import PipelineExecutor
import PipelineBasics

/// Options of the commands that plan or run a pipeline.
struct ExecutionOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Where artifacts are cached (default: .mass/ beside the pipeline, or $MASS_CACHE_DIR).", valueName: "DIR"))
    var cacheDir: String?

    @Option(name: [.short, .long], help: "How many nodes run at once (default: the number of cores).")
    var jobs: Int?

    @Flag(help: "Run every node, ignoring cached results (results are still stored).")
    var noCache = false

    @Option(help: ArgumentHelp("Run this node even when cached (repeatable; ids as `mass dag` prints them).", valueName: "NODE"))
    var force: [String] = []

    @Flag(help: "After a failure, go on with everything that does not depend on it.")
    var keepGoing = false

    @Option(
        help: ArgumentHelp(
            "Memory the nodes running at once may hold together, e.g. 8GiB (default: what the machine has available).",
            valueName: "SIZE"))
    var memory: String?

    /// Refuses bad values at parse time, so that the usage shown is the command's.
    func validate() throws {
        _ = try executorOptions()
    }

    /// The executor's options; the seed comes later, from the pipeline file.
    func executorOptions() throws -> ExecutorOptions {
        var budget: Int?
        if let memory {
            guard let bytes = MemorySize.parse(memory), bytes > 0 else {
                throw ValidationError("--memory must be a size such as 8GiB, 512MiB or 2GB, found '\(memory)'")
            }
            budget = bytes
        }
        do {
            var options = try ExecutorOptions(jobs: jobs, keepGoing: keepGoing, noCache: noCache, forced: Set(force))
            options.memoryBudget = budget
            // For tests and impatient users: how long a fit runs before it keeps checkpoints.
            if let text = ProcessInfo.processInfo.environment["MASS_CHECKPOINT_AFTER"], let seconds = Double(text),
                seconds >= 0
            {
                options.checkpointAfter = .milliseconds(Int64(seconds * 1000))
            }
            return options
        } catch {
            // A usage error, printed as argument-parser prints a flag's: the flag's name, then the rule.
            throw ValidationError("--\(error.message)")
        }
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
