import Foundation
import PipelineGraph
import PipelineSpec

/// Writes the report files (`report: {json, markdown, html}`). Each is
/// written to a temporary file and renamed, so no reader sees half a report.
struct ReportOperation: PipelineOperation {
    let report: ReportSpec

    var name: String { "report" }
    /// 2: the HTML report with charts.
    var version: Int { 2 }
    var usesSeed: Bool { false }
    var outputFiles: [String] { [report.json, report.markdown, report.html].compactMap { $0?.value } }

    var configuration: ConfigValue {
        [
            "report": .object([
                "json": report.json.map { .string($0.value) } ?? .null,
                "markdown": report.markdown.map { .string($0.value) } ?? .null,
                "html": report.html.map { .string($0.value) } ?? .null,
            ])
        ]
    }

    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        guard let text = inputs.first?.stringValue, let results = PipelineResults.decode(text) else {
            throw StageError.malformedInput("results")
        }
        if let json = report.json { try write(results.jsonText(), to: json.value, in: context.workingDirectory) }
        if let markdown = report.markdown { try write(results.markdown(), to: markdown.value, in: context.workingDirectory) }
        if let html = report.html { try write(results.html(), to: html.value, in: context.workingDirectory) }
        return .none
    }

    private func write(_ text: String, to path: String, in folder: String) throws {
        let url = URL(fileURLWithPath: path.hasPrefix("/") ? path : folder + "/" + path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw StageError(.report, "cannot write the report \(path): \(error.localizedDescription)")
        }
    }
}
