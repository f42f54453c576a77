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
