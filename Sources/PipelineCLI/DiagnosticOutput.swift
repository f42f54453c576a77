import Foundation
import PipelineBasics
import PipelineSpec

/// Writes diagnostics to standard error (text) or standard output (`--json`).
enum DiagnosticOutput {
    /// One diagnostic as `validate --json` prints it.
    struct Record: Codable, Equatable {
        var file: String
        var line: Int
        var column: Int
        var severity: String
        var code: String
        var message: String
        var notes: [String]
        var hints: [String]

        init(_ diagnostic: Diagnostic) {
            file = diagnostic.position.file
            line = diagnostic.position.line
            column = diagnostic.position.column
            severity = diagnostic.severity.rawValue
            code = diagnostic.code.rawValue
            message = diagnostic.message
            notes = diagnostic.notes
            hints = diagnostic.hints
        }
    }

    /// Diagnostics of the command line itself (`commandLine`, reported once),
    /// then each file's in the order the files were given.
    static func text(_ pipelines: [LoadedPipeline], commandLine: [Diagnostic] = []) -> String {
        var renderer = DiagnosticRenderer()
        // Only the files a diagnostic points into are split into lines: a valid file costs nothing here.
        let cited = Set((commandLine + pipelines.flatMap(\.diagnostics)).map(\.position.file))
        for pipeline in pipelines {
            for (file, text) in pipeline.sources where cited.contains(file) { renderer.addSource(text, for: file) }
        }
        return renderer.render(groups: [commandLine] + pipelines.map(\.diagnostics))
    }

    static func json(_ pipelines: [LoadedPipeline], commandLine: [Diagnostic] = []) -> String {
        let records = ([commandLine] + pipelines.map(\.diagnostics)).flatMap { $0.sortedForReport().map(Record.init) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(records), let text = String(data: data, encoding: .utf8) else { return "[]" }
        return text
    }
}

/// Output helpers: mass writes results to stdout and problems to stderr.
enum Console {
    static func out(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func error(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
