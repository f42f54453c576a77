import ArgumentParser
import PipelineBasics
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
        let loader = PipelineLoader()
        let overrides = parameters.overrides()
        let loaded = files.map { loader.load(file: $0, overrides: overrides) }
        let failed = loaded.contains { $0.hasErrors || (strict && !$0.diagnostics.isEmpty) }
        if json {
            Console.out(DiagnosticOutput.json(loaded))
        } else {
            Console.error(DiagnosticOutput.text(loaded))
            if !failed {
                Console.out(loaded.map { "\($0.file): valid" }.joined(separator: "\n"))
            }
        }
        if failed { throw MassExit.badInput }
    }
}
