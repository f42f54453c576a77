import Foundation

extension LockComparison {
    /// For people: the metrics as a table, then what changed in the configuration and the graph.
    public func text(base: String, head: String) -> String {
        var lines = ["metrics: \(base) → \(head)"]
        var rows = [["model", "metric", base, head, "change", ""]]
        for change in metrics {
            rows.append([
                change.model, change.metric, Self.number(change.base), Self.number(change.head), Self.signed(change.change),
                change.verdict,
            ])
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            lines.append(
                row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                    .trimmingCharacters(in: .whitespaces))
        }
        lines += configurationLines(prefix: "  ")
        lines.append(nodeSummary)
        return lines.joined(separator: "\n")
    }

    /// A Markdown comment for a pull request.
    public func markdown(pipeline: String, base: String, head: String) -> String {
        var lines = ["### mass diff: \(pipeline) (\(base) → \(head))", ""]
        lines.append("| model | metric | \(base) | \(head) | change | |")
        lines.append("|---|---|--:|--:|--:|---|")
        for change in metrics {
            let mark =
                switch change.verdict {
                case "better": "✅ better"
                case "worse": "❌ worse"
                default: change.verdict
                }
            lines.append(
                "| \(change.model) | \(change.metric) | \(Self.number(change.base)) | \(Self.number(change.head)) | "
                    + "\(Self.signed(change.change)) | \(mark) |")
        }
        if !configuration.isEmpty {
            lines += ["", "**Configuration changed**", ""]
            lines += configurationLines(prefix: "- ").dropFirst()
        }
        lines += ["", nodeSummary]
        return lines.joined(separator: "\n") + "\n"
    }

    /// For programs: this comparison with both sides named.
    public func json(pipeline: String, base: String, head: String) -> String {
        struct Document: Encodable {
            var pipeline: String
            var base: String
            var head: String
            var comparison: LockComparison
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Document(pipeline: pipeline, base: base, head: head, comparison: self))) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private func configurationLines(prefix: String) -> [String] {
        guard !configuration.isEmpty else { return [] }
        var lines = ["configuration:"]
        for change in configuration {
            let where_ =
                change.nodes.count == 1 ? change.nodes[0] : "\(change.nodes.count) nodes: \(change.nodes.joined(separator: ", "))"
            lines.append("\(prefix)\(change.key): \(change.base ?? "(none)") → \(change.head ?? "(none)") (\(where_))")
        }
        return lines
    }

    private var nodeSummary: String {
        "nodes: \(changedNodes.count) changed, \(addedNodes.count) added, \(removedNodes.count) removed"
            + (changedNodes.isEmpty
                ? ""
                : " (changed: \(changedNodes.prefix(8).joined(separator: ", "))"
                    + (changedNodes.count > 8 ? ", …" : "") + ")")
    }

    static func number(_ value: Double?) -> String {
        value.map { String(format: "%.4f", $0) } ?? "-"
    }

    static func signed(_ value: Double?) -> String {
        guard let value, value != 0 else { return "" }
        return (value >= 0 ? "+" : "") + String(format: "%.4f", value)
    }
}
