import ArgumentParser
import PipelineGraph

struct DagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dag",
        abstract: "Print the pipeline's graph of operations.",
        discussion:
            "text: one node per line with its inputs; dot: Graphviz (`mass dag FILE --format dot | dot -Tsvg`); mermaid: for Markdown."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, dot, mermaid }

    @Argument(help: "The pipeline file.") var file: String
    @Option(help: "text | dot | mermaid") var format: Format = .text
    @OptionGroup var parameters: ParameterOptions

    func run() throws {
        let session = try PipelineSession.open(file, parameters: parameters, warnings: CacheWarnings.print)
        Console.out(GraphText.render(session.graph, format: format))
    }
}

enum GraphText {
    static func render(_ graph: OperationGraph, format: DagCommand.Format) -> String {
        switch format {
        case .text:
            return graph.nodes.map { node in
                node.inputs.isEmpty ? node.id : "\(node.id)  <- " + node.inputs.joined(separator: ", ")
            }.joined(separator: "\n")
        case .dot:
            var lines = ["digraph pipeline {", "  rankdir=LR;", "  node [shape=box, fontname=\"Helvetica\"];"]
            for node in graph.nodes {
                lines.append("  \(quoted(node.id)) [label=\(quoted(node.id + "\n" + node.operation.name))];")
            }
            for node in graph.nodes {
                for input in node.inputs { lines.append("  \(quoted(input)) -> \(quoted(node.id));") }
            }
            lines.append("}")
            return lines.joined(separator: "\n")
        case .mermaid:
            let ids = Dictionary(uniqueKeysWithValues: graph.nodes.enumerated().map { ($1.id, "n\($0)") })
            var lines = ["flowchart LR"]
            for node in graph.nodes {
                lines.append("  \(ids[node.id] ?? "?")[\"\(node.id.replacingOccurrences(of: "\"", with: "#quot;"))\"]")
            }
            for node in graph.nodes {
                for input in node.inputs { lines.append("  \(ids[input] ?? "?") --> \(ids[node.id] ?? "?")") }
            }
            return lines.joined(separator: "\n")
        }
    }

    private static func quoted(_ text: String) -> String {
        "\""
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
