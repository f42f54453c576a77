extension PipelineResults {
    /// The results as a Markdown table, for CI summaries and pull requests.
    public func markdown() -> String {
        let metricNames = orderedMetricNames
        var lines = ["# \(pipeline)", "", "\(folds) fold\(folds == 1 ? "" : "s"); mean ± standard deviation over folds.", ""]
        lines.append("| model | kind | " + metricNames.joined(separator: " | ") + " | fallbacks |")
        lines.append("|---|---|" + metricNames.map { _ in "---:|" }.joined() + "---:|")
        for model in models {
            let cells = metricNames.map { name in
                model.failureText ?? model.metrics[name].map { "\(Self.format($0.mean)) ± \(Self.format($0.std))" } ?? "-"
            }
            lines.append(
                "| \(model.name) | \(model.kind) | " + cells.joined(separator: " | ")
                    + " | \(model.fallbacks)/\(model.predictions) |")
        }
        if !gates.isEmpty {
            lines += ["", "| gate | model | bound | value | result |", "|---|---|---|---:|---|"]
            for gate in gates {
                lines.append(
                    "| \(gate.metric) | \(gate.model) | \(gate.boundText) | \(gate.valueText) | \(gate.passed ? "passed" : "**failed**") |"
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A self-contained HTML page with the same tables.
    public func html() -> String {
        let metricNames = orderedMetricNames
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
                of: ">", with: "&gt;")
        }
        var rows = models.map { model in
            "<tr><td>\(escape(model.name))</td><td>\(escape(model.kind))</td>"
                + metricNames.map { name in
                    "<td>"
                        + (model.failureText ?? model.metrics[name].map { "\(Self.format($0.mean)) ± \(Self.format($0.std))" }
                            ?? "-") + "</td>"
                }.joined()
                + "<td>\(model.fallbacks)/\(model.predictions)</td></tr>"
        }
        rows.insert(
            "<tr><th>model</th><th>kind</th>" + metricNames.map { "<th>\(escape($0))</th>" }.joined() + "<th>fallbacks</th></tr>",
            at: 0)
        var gateRows: [String] = []
        for gate in gates {
            gateRows.append(
                "<tr><td>\(escape(gate.metric))</td><td>\(escape(gate.model))</td><td>\(escape(gate.boundText))</td><td>\(gate.valueText)</td><td>\(gate.passed ? "passed" : "<strong>failed</strong>")</td></tr>"
            )
        }
        return """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>\(escape(pipeline))</title>
            <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,td:nth-child(2),th{text-align:left}</style>
            </head><body>
            <h1>\(escape(pipeline))</h1>
            <p>\(folds) fold\(folds == 1 ? "" : "s"); mean ± standard deviation over folds.</p>
            <table>\(rows.joined(separator: "\n"))</table>
            \(gateRows.isEmpty ? "" : "<h2>Gates</h2><table><tr><th>gate</th><th>model</th><th>bound</th><th>value</th><th>result</th></tr>\(gateRows.joined(separator: "\n"))</table>")
            </body></html>

            """
    }

    var orderedMetricNames: [String] { metrics }
}

extension GateResult {
    var boundText: String {
        var bound: [String] = []
        if let min { bound.append("≥ \(PipelineResults.format(min))") }
        if let max { bound.append("≤ \(PipelineResults.format(max))") }
        return bound.joined(separator: " and ")
    }
}
