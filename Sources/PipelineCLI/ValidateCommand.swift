import ArgumentParser
import PipelineBasics
import PipelineKinds
import PipelineSpec

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check pipeline files without running anything.",
        discussion: """
            Reports every problem of each file in compiler form (FILE:LINE:COL: error: ...), \
            with the source line, a caret and hints. Exits 0 when all files are valid, 64 otherwise. \
            Warnings do not fail unless --strict.
            """
    )

    @Argument(help: "Pipeline files to check.")
    var files: [String]

    @OptionGroup var parameters: ParameterOptions

    @Flag(help: "Print the diagnostics as a JSON array on standard output.")
    var json = false

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    func run() throws {
        var loader = PipelineLoader.standard
        loader.namesFileInOverrideErrors = files.count > 1
        let overrides = parameters.overrides()
        // Mistakes in -p and --params are the command line's, not each file's: report them once.
        let commandLine = overrides.diagnostics
        let repeated = Set(commandLine)
        let loaded = files.map { file in
            var pipeline = loader.load(file: file, overrides: overrides)
            pipeline.diagnostics.removeAll { repeated.contains($0) }
            return pipeline
        }
        let failed =
            commandLine.hasErrors || (strict && !commandLine.isEmpty)
            || loaded.contains { $0.hasErrors || (strict && !$0.diagnostics.isEmpty) }
        if json {
            Console.out(DiagnosticOutput.json(loaded, commandLine: commandLine))
        } else {
            Console.error(DiagnosticOutput.text(loaded, commandLine: commandLine))
            if !failed {
                Console.out(loaded.map { "\($0.file): valid" }.joined(separator: "\n"))
            }
        }
        if failed { throw MassExit.badInput }
    }
}
