import Plot
import ReportCharts

/// The report's charts of each model: metrics fold by fold, training loss
/// epoch by epoch, and predicted against true ratings.
extension ResultsReport {
    /// One chart per metric: a line per model through its value on each fold.
    func foldSection() -> Section? {
        let scored = results.models.filter { $0.failureText == nil && !$0.metrics.isEmpty }
        guard !scored.isEmpty else { return nil }
        let figures = results.metrics.map { metric -> Node<HTML.BodyContext> in
            let series = scored.compactMap { model -> XYChart.Series? in
                guard let folds = model.metrics[metric]?.folds else { return nil }
                let points = folds.enumerated().map { XYChart.Point(x: Double($0 + 1), y: $1, label: "\(foldName) \($0 + 1)") }
                return XYChart.Series(name: model.name, points: points)
            }
            let chart = XYChart.line(
                labels: ChartLabels(
                    id: "fold-metrics-" + Self.slug(metric), title: "\(metric) on each \(foldName)'s test part",
                    x: AxisTitle(foldName, unit: "number"), y: AxisTitle(metric, unit: Self.unit(of: metric))),
                series: series, integerX: true)
            return Self.figure(chart.svg(), caption: stepsCaption(metric))
        }
        return Section(id: "folds", title: "Metrics per \(foldName)", nodes: [.div(.class("charts"), .group(figures))])
    }

    private func stepsCaption(_ metric: String) -> String {
        guard let steps = results.steps else { return "Each model's \(metric) on the test part of each fold." }
        let named = steps.enumerated().map { "\($0 + 1): \($1)" }.joined(separator: ", ")
        return "Each model's \(metric) on the partition each step scores (\(named))."
    }

    /// The training loss after each epoch, for the models that record it.
    func learningCurveSection() -> Section? {
        let figures = results.models.compactMap { model -> Node<HTML.BodyContext>? in
            guard let losses = model.epochLosses, !losses.isEmpty else { return nil }
            let points = losses.enumerated().map { XYChart.Point(x: Double($0 + 1), y: $1, label: "epoch \($0 + 1)") }
            let chart = XYChart.line(
                labels: ChartLabels(
                    id: "learning-curve-" + Self.slug(model.name),
                    title: "\(model.name) (\(model.kind)): training loss per epoch",
                    x: AxisTitle("epoch", unit: "number"), y: AxisTitle("training loss", unit: "sum of squared errors")),
                series: [.init(name: "training loss", points: points)], integerX: true)
            let folds = results.folds == 1 ? "the one fold" : "the \(results.folds) folds"
            return Self.figure(
                chart.svg(), caption: "Mean over \(folds) of the squared errors summed over the training part, after each epoch.")
        }
        guard !figures.isEmpty else { return nil }
        return Section(id: "learning-curves", title: "Learning curves", nodes: [.div(.class("charts"), .group(figures))])
    }

    /// On an event stream: each target's RMSE over successive spans of the stream, one line each.
    func streamErrorSection() -> Section? {
        let series = results.models.compactMap { model -> XYChart.Series? in
            guard let errors = model.windowErrors, !errors.isEmpty else { return nil }
            return .init(
                name: model.name,
                points: errors.enumerated().map { XYChart.Point(x: Double($0 + 1), y: $1, label: "span \($0 + 1)") })
        }
        guard let spans = results.models.compactMap(\.windowErrors).first?.count, !series.isEmpty else { return nil }
        let chart = XYChart.line(
            labels: ChartLabels(
                id: "stream-error", title: "Prequential RMSE over the stream",
                x: AxisTitle("span of the stream", unit: "1 to \(spans), in time order"),
                y: AxisTitle("RMSE", unit: "rating points")),
            series: series, integerX: true)
        let caption =
            "Each rating, in time order, is predicted by the models as learned from the ratings before it; "
            + "the stream is cut into \(spans) spans of equal size, and each point is a span's RMSE."
        return Section(
            id: "stream-error", title: "Error over time",
            nodes: [.div(.class("charts"), Self.figure(chart.svg(), caption: caption))])
    }

    /// Predicted and true ratings of the test rows, in the same bins, per model.
    func histogramSection() -> Section? {
        let figures = results.models.compactMap { model -> Node<HTML.BodyContext>? in
            guard let histogram = model.histogram, histogram.edges.count > 1 else { return nil }
            let chart = HistogramChart(
                labels: ChartLabels(
                    id: "histogram-" + Self.slug(model.name), title: "\(model.name): predicted and true ratings",
                    x: AxisTitle("rating", unit: "rating points"), y: AxisTitle("test rows", unit: "count")),
                edges: histogram.edges,
                series: [.init(name: "predicted", counts: histogram.predicted), .init(name: "true", counts: histogram.truth)])
            return Self.figure(
                chart.svg(), caption: "The test rows of every \(foldName), counted in bins across the rating scale.")
        }
        guard !figures.isEmpty else { return nil }
        return Section(
            id: "histograms", title: "Predicted and true ratings", nodes: [.div(.class("charts"), .group(figures))])
    }
}
