import Foundation
import RunComparison

extension PipelineResults {
    /// The results as a table for people: one row per model, `mean ± std`
    /// per metric, then the gates.
    public func table(trialRuns: [TrialRun] = []) -> String {
        let metricNames = orderedMetricNames
        var rows: [[String]] = [["model", "kind"] + metricNames + ["fallbacks"]]
        for model in models {
            var row = [model.name, model.kind]
            for name in metricNames {
                if let failure = model.failureText {
                    row.append(failure)
                    continue
                }
                guard let summary = model.metrics[name] else { row.append("-"); continue }
                row.append(folds > 1 ? "\(Self.format(summary.mean)) ± \(Self.format(summary.std))" : Self.format(summary.mean))
            }
            row.append(model.predictions == 0 ? "0" : "\(model.fallbacks)/\(model.predictions)")
            rows.append(row)
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = rows.map { row in
            row.enumerated().map { column, cell in
                column < 2
                    ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }
        lines.insert(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "), at: 1)
        let unit = steps == nil ? "fold" : "prequential step"
        let foldText = folds == 1 ? "1 \(unit)" : "\(folds) \(unit)s, mean ± std"
        lines.insert("\(pipeline) (\(foldText))", at: 0)
        if let steps { lines += stepLines(steps) }
        if candidates == "all" {
            lines.append("ranking metrics rank every item a user did not rate in training (candidates: all)")
        }
        for model in models { lines += (model.notes ?? []).map { "\(model.name) @ \($0)" } }
        if let combine { lines += combine.summaryLines() }
        if let search { lines += search.summaryLines(runs: trialRuns) }
        for gate in gates {
            lines.append(
                "gate \(gate.metric) of \(gate.model) \(gate.boundText): \(gate.valueText) — \(gate.passed ? "passed" : "FAILED")"
            )
        }
        for gate in regressionGates ?? [] { lines.append(gate.line) }
        return lines.joined(separator: "\n")
    }

    /// Each prequential step's score per model, on the first metric.
    private func stepLines(_ steps: [String]) -> [String] {
        guard let metric = orderedMetricNames.first else { return [] }
        var rows = [["step", "scores"] + models.map(\.name)]
        for (index, partition) in steps.enumerated() {
            let scores = models.map { model -> String in
                guard let folds = model.metrics[metric]?.folds, index < folds.count else { return "-" }
                return Self.format(folds[index])
            }
            rows.append(["\(index + 1)", partition] + scores)
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return ["", "\(metric) of each step, on the partition it scores:"]
            + rows.map { row in
                row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
            }
    }

    static func format(_ value: Double) -> String {
        value.isNaN ? "nan" : String(format: "%.4f", value)
    }
}

extension RegressionGateResult {
    /// `gate rmse of combined against main (3f2c4fc), at most 0.002 worse: 0.7362 → 0.7400 (+0.0038) — FAILED`.
    var line: String {
        var text = "gate \(metric) of \(model) against \(baseline), at most \(margin) worse: "
        if let baselineValue, let value {
            let change = value - baselineValue
            text += "\(PipelineResults.format(baselineValue)) → \(PipelineResults.format(value)) ("
            text += (change >= 0 ? "+" : "") + String(format: "%.4f", change) + ")"
            if let pValue { text += ", p = " + String(format: "%.3g", pValue) }
        }
        if let note { text += " [\(note)]" }
        return text + " — " + (passed ? "passed" : "FAILED")
    }
}
