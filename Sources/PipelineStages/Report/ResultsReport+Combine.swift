import Foundation
import Plot
import ReportCharts

/// The report's charts of what the combiner learned: weights (per time
/// window for w_i(t)), stacking coefficients, out-of-bag error, boosting rounds.
extension ResultsReport {
    func combineSection() -> Section? {
        guard let combine = results.combine else { return nil }
        let method = combine.method
        var figures: [Node<HTML.BodyContext>] = []
        let windowed = combine.weights.filter { $0.from != nil && $0.to != nil }
        if !windowed.isEmpty {
            figures.append(weightsOverTime(windowed, method: method))
        } else if !combine.weights.isEmpty {
            let entries = combine.weights.map { (fold: $0.fold, values: $0.weights) }
            figures.append(
                perFoldBars(
                    entries, id: "combiner-weights", title: "\(method): weight of each member", x: "member",
                    y: AxisTitle("weight", unit: "× the member's prediction"),
                    caption: "The weights learned on each \(foldName)'s validation part."))
        }
        if !combine.coefficients.isEmpty {
            let entries = combine.coefficients.map { (fold: $0.fold, values: $0.coefficients) }
            figures.append(
                perFoldBars(
                    entries, id: "combiner-coefficients", title: "\(method): meta-model coefficients", x: "term",
                    y: AxisTitle("coefficient", unit: "× the term's value"),
                    caption: "The meta-model's coefficient of each member (and member × meta-feature), per \(foldName)."))
        }
        if !combine.outOfBag.isEmpty {
            let ordered = combine.outOfBag.sorted { $0.fold < $1.fold }
            let chart = BarChart(
                labels: ChartLabels(
                    id: "combiner-out-of-bag", title: "\(method): out-of-bag rmse", x: AxisTitle(foldName, unit: "number"),
                    y: AxisTitle("out-of-bag rmse", unit: "rating points")),
                categories: ordered.map { String($0.fold) },
                series: [.init(name: "out-of-bag rmse", values: ordered.map(\.value))])
            figures.append(
                Self.figure(chart.svg(), caption: "Each training part's rows scored by the members that did not draw them."))
        }
        if !combine.rounds.isEmpty {
            let series = combine.rounds.sorted { $0.fold < $1.fold }.map { entry in
                XYChart.Series(
                    name: "\(foldName) \(entry.fold)",
                    points: entry.validation.enumerated().map { .init(x: Double($0 + 1), y: $1, label: "round \($0 + 1)") })
            }
            let chart = XYChart.line(
                labels: ChartLabels(
                    id: "combiner-rounds", title: "\(method): validation rmse after each round",
                    x: AxisTitle("round", unit: "number"),
                    y: AxisTitle("validation rmse", unit: "rating points")),
                series: series, integerX: true)
            let kept = combine.rounds.sorted { $0.fold < $1.fold }.map { "\($0.kept) of \($0.rounds)" }.joined(separator: ", ")
            figures.append(Self.figure(chart.svg(), caption: "Rounds kept per \(foldName): \(kept)."))
        }
        guard !figures.isEmpty else { return nil }
        return Section(id: "combiner", title: "Combiner (\(method))", nodes: [.div(.class("charts"), .group(figures))])
    }

    /// Bars per name (a member, a coefficient), one per fold.
    private func perFoldBars(
        _ entries: [(fold: Int, values: [String: Double])], id: String, title: String, x: String, y: AxisTitle, caption: String
    ) -> Node<HTML.BodyContext> {
        let names = Set(entries.flatMap(\.values.keys)).sorted()
        let ordered = entries.sorted { $0.fold < $1.fold }
        let series = ordered.map { entry in
            BarChart.Series(name: "\(foldName) \(entry.fold)", values: names.map { entry.values[$0] })
        }
        let chart = BarChart(labels: ChartLabels(id: id, title: title, x: AxisTitle(x), y: y), categories: names, series: series)
        return Self.figure(chart.svg(), caption: caption)
    }

    /// w_i(t) on the first fold: each member's weight at the middle of each time window.
    private func weightsOverTime(_ windows: [WeightEntry], method: String) -> Node<HTML.BodyContext> {
        let fold = windows.map(\.fold).min() ?? 1
        let first = windows.filter { $0.fold == fold }.sorted { ($0.from ?? 0) < ($1.from ?? 0) }
        let start = first.first?.from ?? 0, end = first.last?.to ?? 0
        // Windows are durations in seconds (30d): times past 1973 are Unix times, shown as days
        // since the first window; spans of days are shown in days; anything shorter as it is.
        let unixTimes = first.allSatisfy { ($0.from ?? 0) >= 1e8 }
        let inDays = unixTimes || end - start >= 3 * 86_400
        let scale = inDays ? 86_400.0 : 1
        let unit = unixTimes ? "days since \(Self.date(start))" : inDays ? "days" : "seconds"
        let members = Set(first.flatMap(\.weights.keys)).sorted()
        let series = members.map { member in
            XYChart.Series(
                name: member,
                points: first.compactMap { window in
                    guard let from = window.from, let to = window.to, let weight = window.weights[member] else { return nil }
                    let middle = ((from + to) / 2 - (unixTimes ? start : 0)) / scale
                    return .init(x: middle, y: weight, label: "window \(ChartNumber.value(from))–\(ChartNumber.value(to))")
                })
        }
        let chart = XYChart.line(
            labels: ChartLabels(
                id: "combiner-weights-over-time", title: "\(method): weights over time, \(foldName) \(fold)",
                x: AxisTitle("time (window middle)", unit: unit), y: AxisTitle("weight w_i(t)", unit: "× the member's prediction")
            ),
            series: series)
        return Self.figure(
            chart.svg(),
            caption:
                "The weights re-learned in each of the \(first.count) time windows of \(foldName) \(fold), at the middle of each window."
        )
    }

    /// A Unix time's UTC date, `2024-01-31`.
    static func date(_ seconds: Double) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: seconds))
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
