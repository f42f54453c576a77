import ArgumentParser
import Foundation
import PipelineSpec

/// `-p NAME=VALUE` and `--params FILE`, shared by every command that reads a pipeline.
struct ParameterOptions: ParsableArguments {
    @Option(name: .customShort("p"), help: ArgumentHelp("Override a value of 'params' (repeatable).", valueName: "NAME=VALUE"))
    var assignments: [String] = []

    @Option(name: .customLong("params"), help: ArgumentHelp("Override 'params' from a YAML mapping file.", valueName: "FILE"))
    var paramsFiles: [String] = []

    /// The overrides in the order given: files first, then `-p`, so a flag beats a file.
    func overrides() -> ParameterOverrides {
        var overrides = ParameterOverrides()
        for path in paramsFiles {
            if let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) {
                overrides.add(file: path, text: text)
            } else {
                overrides.addUnreadable(path)
            }
        }
        for assignment in assignments { overrides.add(assignment: assignment) }
        return overrides
    }
}
