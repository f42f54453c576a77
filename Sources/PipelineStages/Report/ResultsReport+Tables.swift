import Plot
import PipelineSpec
import ReportCharts
import RunComparison

/// The report's tables: results, gates, and the diff against the baseline.
extension ResultsReport {
    /// A table cell: its text, and a class (`name` for left-aligned names, `passed`, `worse`…).
    struct Cell {
        var text: String
        var className: String = ""

        static func name(_ text: String) -> Cell { Cell(text: text, className: "name") }
    }

    static func table(_ header: [Cell], _ rows: [[Cell]], className: String) -> Node<HTML.BodyContext> {
        .table(
            .class(className),
            .tr(.forEach(header) { cell in .th(.class(cell.className), .text(cell.text)) }),
            .forEach(rows) { row in
                .tr(.forEach(row) { cell in .td(.class(cell.className), .text(cell.text)) })
            })
    }

    func resultsSection() -> Section {
        let header = [Cell.name("model"), .name("kind")] + results.metrics.map { Cell(text: $0) } + [Cell(text: "fallbacks")]
        let rows = results.models.map { model -> [Cell] in
            let cells = results.metrics.map { name -> Cell in
                if let failure = model.failureText { return Cell(text: failure, className: "failed") }
                guard let statistics = model.metrics[name] else { return Cell(text: "-") }
                let text =
                    results.folds > 1
                    ? "\(Self.number(statistics.mean)) ± \(Self.number(statistics.std))" : Self.number(statistics.mean)
                return Cell(text: text)
            }
            return [.name(model.name), .name(model.kind)] + cells + [Cell(text: "\(model.fallbacks)/\(model.predictions)")]
        }
        let notes = results.combine?.summaryLines().map { $0.trimmingCharacters(in: .whitespaces) } ?? []
        return Section(
            id: "results", title: "Results", nodes: [Self.table(header, rows, className: "results"), Self.notes(notes)])
    }

    func gatesSection() -> Section? {
        let regressions = results.regressionGates ?? []
        guard !results.gates.isEmpty || !regressions.isEmpty else { return nil }
        var nodes: [Node<HTML.BodyContext>] = []
        if !results.gates.isEmpty {
            let header = [Cell.name("metric"), .name("model"), Cell(text: "bound"), Cell(text: "value"), Cell(text: "result")]
            let rows = results.gates.map { gate -> [Cell] in
                [
                    .name(gate.metric), .name(gate.model), Cell(text: gate.boundText), Cell(text: gate.valueText),
                    Self.outcome(gate.passed),
                ]
            }
            nodes.append(Self.table(header, rows, className: "gates"))
        }
        if !regressions.isEmpty {
            let header =
                [Cell.name("metric"), .name("model"), .name("baseline")]
                + ["baseline value", "value", "allowed", "regression", "p-value", "result"].map { Cell(text: $0) } + [
                    .name("note")
                ]
            let rows = regressions.map { gate -> [Cell] in
                [.name(gate.metric), .name(gate.model), .name(gate.baseline)]
                    + [gate.baselineValue, gate.value].map { Cell(text: Self.number($0)) }
                    + [Cell(text: gate.margin), Cell(text: Self.signed(gate.regression)), Cell(text: Self.number(gate.pValue))]
                    + [Self.outcome(gate.passed), .name(gate.note ?? "")]
            }
            nodes.append(Self.table(header, rows, className: "regression-gates"))
        }
        let held = results.gatesHold
        nodes.insert(
            .p(.class(held ? "passed" : "failed"), .text(held ? "Every gate holds." : "A gate failed: the run exits 1.")), at: 0)
        return Section(id: "gates", title: "Gates", nodes: nodes)
    }

    /// This run's metrics against the baseline revision's, when the results name one.
    func baselineSection() -> Section? {
        guard let baseline = results.baseline else { return nil }
        let label = baseline.commit.map { "\(baseline.revision) (\($0.prefix(7)))" } ?? baseline.revision
        if let missing = baseline.missing {
            return Section(
                id: "baseline", title: "Against \(label)", nodes: [.p(.text("No baseline to compare with: \(missing)."))])
        }
        let header =
            [Cell.name("model"), .name("metric"), Cell(text: label), Cell(text: "this run"), Cell(text: "change"), .name("")]
        var rows: [[Cell]] = []
        var changes: [String: [String: Double]] = [:]
        for (model, metric) in baselineKeys(baseline) {
            let before = baseline.metrics["\(model).\(metric)"]
            let now = results.models.first { $0.name == model }?.metrics[metric]?.mean
            var verdict = Cell.name(before == nil ? "new" : now == nil ? "removed" : "same")
            if let before, let now {
                changes[metric, default: [:]][model] = now - before
                if now != before {
                    let lowerIsBetter = MetricName(parsing: metric)?.lowerIsBetter ?? true
                    let better = (now < before) == lowerIsBetter
                    verdict = Cell(text: better ? "better" : "worse", className: "name " + (better ? "better" : "worse"))
                }
            }
            let change = before.flatMap { before in now.map { $0 - before } }
            rows.append(
                [
                    .name(model), .name(metric), Cell(text: Self.number(before)), Cell(text: Self.number(now)),
                    Cell(text: Self.signed(change)), verdict,
                ])
        }
        var nodes = [Self.table(header, rows, className: "baseline")]
        let charts = results.metrics.compactMap { metric -> Node<HTML.BodyContext>? in
            guard let byModel = changes[metric], !byModel.isEmpty else { return nil }
            let models = results.models.map(\.name).filter { byModel[$0] != nil }
            let chart = BarChart(
                labels: ChartLabels(
                    id: "baseline-change-" + Self.slug(metric), title: "\(metric): change from \(label)",
                    x: AxisTitle("model"), y: AxisTitle("\(metric) now − baseline", unit: Self.unit(of: metric))),
                categories: models, series: [.init(name: "change", values: models.map { byModel[$0] })])
            let direction = (MetricName(parsing: metric)?.lowerIsBetter ?? true) ? "below zero is better" : "above zero is better"
            return Self.figure(chart.svg(), caption: "Mean over the folds, this run minus \(label); \(direction).")
        }
        if !charts.isEmpty { nodes.append(.div(.class("charts"), .group(charts))) }
        return Section(id: "baseline", title: "Against \(label)", nodes: nodes)
    }

    /// Every (model, metric) either run has: this run's models in order, then the baseline's others by name.
    private func baselineKeys(_ baseline: Baseline) -> [(String, String)] {
        var keys: [(String, String)] = []
        var seen: Set<String> = []
        for model in results.models {
            for metric in results.metrics {
                keys.append((model.name, metric))
                seen.insert("\(model.name).\(metric)")
            }
        }
        for key in baseline.metrics.keys.sorted() where !seen.contains(key) {
            // Metric names hold no dot (`ndcg@10`), so the last one splits `model.metric`.
            guard let dot = key.lastIndex(of: ".") else { continue }
            keys.append((String(key[..<dot]), String(key[key.index(after: dot)...])))
        }
        return keys
    }

    static func outcome(_ passed: Bool) -> Cell {
        Cell(text: passed ? "passed" : "failed", className: passed ? "passed" : "failed")
    }

    /// `+0.0038`, `-0.0120`: a change with its sign.
    static func signed(_ value: Double?) -> String {
        guard let value else { return "-" }
        return (value > 0 ? "+" : "") + PipelineResults.format(value)
    }

    /// The unit a metric's values are in, for axis titles.
    static func unit(of metric: String) -> String {
        switch MetricName(parsing: metric) {
        case .rmse, .mae: "rating points"
        case .mse: "squared rating points"
        case .huber: "Huber loss"
        case nil: "value"
        default: "share, 0 to 1"
        }
    }
}
