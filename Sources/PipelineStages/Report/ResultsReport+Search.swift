import Foundation
import Plot
import ReportCharts

/// The report's charts of the search: the objective trial by trial with the
/// best so far, each parameter against the objective, and the trials' table.
extension ResultsReport {
    func searchSection() -> Section? {
        guard let search = results.search, !search.trials.isEmpty else { return nil }
        let objective = AxisTitle("validation \(search.metric)", unit: Self.unit(of: search.metric))
        var figures: [Node<HTML.BodyContext>] = []
        let tried = search.trials.compactMap { trial in
            trial.objective.map { XYChart.Point(x: Double(trial.trial), y: $0, label: "trial \(trial.trial)") }
        }
        let best = search.bestSoFar.enumerated().compactMap { index, value in
            value.map { XYChart.Point(x: Double(search.trials[index].trial), y: $0, label: "best after trial \(index + 1)") }
        }
        let progress = XYChart(
            labels: ChartLabels(
                id: "search-best-so-far", title: "\(search.method) search: \(search.metric) of \(search.target), trial by trial",
                x: AxisTitle("trial", unit: "number"), y: objective),
            series: [
                .init(name: "trial", points: tried, line: false, markers: true),
                .init(name: "best so far", points: best, line: true, markers: false),
            ], integerX: true)
        figures.append(
            Self.figure(
                progress.svg(),
                caption:
                    "Each trial's objective on the validation part (\(search.goal)), and the best so far; failed trials have none."
            ))
        for path in Set(search.trials.flatMap(\.parameters.keys)).sorted() {
            figures.append(parameterChart(path, search: search, objective: objective))
        }
        let failed = search.trials.filter { $0.objective == nil }.count
        var notes = ["\(search.trials.count) trials\(failed > 0 ? ", \(failed) failed" : "")."]
        if let trial = search.bestTrial, let value = trial.objective {
            notes.append("Best: trial \(trial.trial), \(search.metric) \(PipelineResults.format(value)) on validation.")
        }
        if let stoppedBy = search.stoppedBy { notes.append("Stopped by: \(stoppedBy).") }
        return Section(
            id: "search", title: "Search",
            nodes: [Self.notes(notes), .div(.class("charts"), .group(figures)), trialsTable(search)])
    }

    /// A numeric parameter as a scatter against the objective (log-scaled over
    /// two decades or more); a choice of names as bars of the mean objective per value.
    private func parameterChart(_ path: String, search: SearchResults, objective: AxisTitle) -> Node<HTML.BodyContext> {
        let id = "search-parameter-" + Self.slug(path), title = "\(path) against \(search.metric)"
        let numeric = search.trials.compactMap { trial -> XYChart.Point? in
            guard let objective = trial.objective, let value = trial.parameters[path].flatMap(Self.numeric) else { return nil }
            return .init(x: value, y: objective, label: "trial \(trial.trial)")
        }
        let isNumeric = search.trials.allSatisfy { $0.parameters[path].map { Self.numeric($0) != nil } ?? true }
        if isNumeric {
            let xs = numeric.map(\.x)
            let spread = (xs.min() ?? 0) > 0 && (xs.max() ?? 0) / (xs.min() ?? 1) >= 100
            let chart = XYChart.scatter(
                labels: ChartLabels(id: id, title: title, x: AxisTitle(path, unit: spread ? "log scale" : "value"), y: objective),
                series: [.init(name: "trial", points: numeric)], xScale: spread ? .logarithmic : .linear)
            return Self.figure(chart.svg(), caption: "Each successful trial's value of \(path) and its objective.")
        }
        var byValue: [String: [Double]] = [:]
        for trial in search.trials {
            guard let value = trial.parameters[path], let objective = trial.objective else { continue }
            byValue[value.description, default: []].append(objective)
        }
        let values = byValue.keys.sorted()
        let chart = BarChart(
            labels: ChartLabels(
                id: id, title: title, x: AxisTitle(path), y: AxisTitle("mean \(objective.name)", unit: objective.unit)),
            categories: values,
            series: [.init(name: "mean objective", values: values.map { byValue[$0].map { $0.reduce(0, +) / Double($0.count) } })]
        )
        return Self.figure(chart.svg(), caption: "The mean objective of the successful trials with each value of \(path).")
    }

    private static func numeric(_ value: TrialValue) -> Double? {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        case .bool, .string: nil
        }
    }

    private func trialsTable(_ search: SearchResults) -> Node<HTML.BodyContext> {
        let paths = Set(search.trials.flatMap(\.parameters.keys)).sorted()
        let header = [Cell(text: "trial")] + paths.map { Cell(text: $0) } + [Cell(text: search.metric), Cell.name("status")]
        let rows = search.trials.map { trial -> [Cell] in
            let values = paths.map { path in Cell(text: trial.parameters[path].map(Self.parameterText) ?? "") }
            let status = trial.trial == search.best ? "ok (best)" : trial.status
            return [Cell(text: String(trial.trial))] + values + [Cell(text: Self.number(trial.objective)), .name(status)]
        }
        return Self.table(header, rows, className: "trials")
    }

    /// Six significant digits, as the text table prints them.
    private static func parameterText(_ value: TrialValue) -> String {
        if case .double(let number) = value { return String(format: "%.6g", number) }
        return value.description
    }
}
