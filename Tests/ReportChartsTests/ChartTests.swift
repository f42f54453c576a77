import Foundation
import MarkupTestSupport
import Testing

@testable import ReportCharts

@Suite struct ChartTests {
    let labels = ChartLabels(
        id: "fold-metrics", title: "rmse per fold", x: AxisTitle("fold"), y: AxisTitle("rmse", unit: "rating points"))

    @Test func aBarChartHasATitleAxesAndOneBarPerValue() throws {
        let chart = BarChart(
            labels: labels, categories: ["1", "2", "3"],
            series: [.init(name: "svd", values: [0.91, 0.92, nil]), .init(name: "knn", values: [0.95, -0.2, .nan])])
        let markup = XMLMarkup(chart.svg())
        #expect(markup.error == nil)
        let root = try #require(markup.root)
        #expect(root.name == "svg")
        #expect(root.attributes["data-chart"] == "fold-metrics")
        #expect(root.attributes["aria-label"] == "rmse per fold")
        #expect(root.attributes["role"] == "img")
        #expect(root.attributes["data-bars"] == "4")
        #expect(markup.all("rect", className: "bar").count == 4)
        #expect(markup.all("title").first?.text == "rmse per fold")
        #expect(markup.all("text", className: "chart-title").first?.text == "rmse per fold")
        #expect(markup.axisLabel("x") == "fold")
        #expect(markup.axisLabel("y") == "rmse (rating points)")
        // Two series: a legend names both.
        #expect(markup.all("text", className: "legend-label").map(\.text) == ["svd", "knn"])
    }

    @Test func aNegativeBarHangsBelowTheZeroLine() throws {
        let chart = BarChart(labels: labels, categories: ["a", "b"], series: [.init(name: "w", values: [1, -1])])
        let markup = XMLMarkup(chart.svg())
        let bars = markup.all("rect", className: "bar")
        let zero = try #require(markup.all("line", className: "zero").first?.attributes["y1"].flatMap(Double.init))
        let up = try #require(bars.first?.attributes), down = try #require(bars.last?.attributes)
        let upBottom = try #require(Double(up["y"] ?? "")) + (Double(up["height"] ?? "") ?? 0)
        #expect(abs(upBottom - zero) < 0.11)
        #expect(abs((Double(down["y"] ?? "") ?? 0) - zero) < 0.11)
        // The y axis reaches below zero for it.
        #expect(markup.all("text", className: "tick").contains { $0.text.hasPrefix("-") })
    }

    @Test func aLineChartCountsItsMarkersAndBreaksAtMissingValues() throws {
        let chart = XYChart.line(
            labels: labels,
            series: [.init(name: "loss", points: [1, 2, 3, 4, 5].map { .init(x: $0, y: $0 == 3 ? .nan : 10 / $0) })],
            integerX: true)
        let markup = XMLMarkup(chart.svg())
        #expect(markup.error == nil)
        #expect(markup.root?.attributes["data-points"] == "4")
        #expect(markup.root?.attributes["data-kind"] == "line")
        #expect(markup.all("circle", className: "point").count == 4)
        #expect(markup.all("polyline", className: "line").count == 2)
        #expect(chart.pointCount == 4)
        // Whole-number ticks only along x: epochs 1 to 3 are not ticked at 1.5.
        #expect(AxisMapping.linear([1, 3], integers: true).ticks.map(\.label) == ["1", "2", "3"])
    }

    @Test func aLogarithmicScatterLeavesOutValuesItCannotShow() throws {
        let chart = XYChart.scatter(
            labels: labels, series: [.init(name: "lr", points: [0.001, 0.01, 0, 0.05].map { .init(x: $0, y: 1) })],
            xScale: .logarithmic)
        let markup = XMLMarkup(chart.svg())
        #expect(markup.root?.attributes["data-points"] == "3")
        #expect(markup.root?.attributes["data-kind"] == "scatter")
        #expect(markup.all("polyline").isEmpty)
        let tickTexts = markup.all("text", className: "tick").map(\.text)
        #expect(tickTexts.contains("0.001") && tickTexts.contains("0.1"))
    }

    @Test func aHistogramDrawsEveryBinOfEverySeries() throws {
        let chart = HistogramChart(
            labels: labels, edges: [0.75, 1.25, 1.75, 2.25],
            series: [.init(name: "predicted", counts: [0, 5, 2]), .init(name: "true", counts: [3, 0, 4])])
        let markup = XMLMarkup(chart.svg())
        #expect(markup.error == nil)
        #expect(markup.root?.attributes["data-bars"] == "6")
        #expect(markup.root?.attributes["data-bins"] == "3")
        let bars = markup.all("rect", className: "bar")
        #expect(bars.count == 6)
        // Bars go bin by bin, the series side by side: predicted 0, true 3, predicted 5, true 0, …
        let heights = bars.compactMap { $0.attributes["height"].flatMap(Double.init) }
        #expect(heights[2] > heights[5] && heights[5] > heights[1] && heights[0] == 0 && heights[3] == 0)
    }

    @Test func textIsEscaped() throws {
        let odd = ChartLabels(id: "a\"b", title: "<b> & \"c\"", x: AxisTitle("x"), y: AxisTitle("y"))
        let markup = XMLMarkup(BarChart(labels: odd, categories: ["<i>"], series: [.init(name: "&", values: [1])]).svg())
        #expect(markup.error == nil)
        #expect(markup.root?.attributes["aria-label"] == "<b> & \"c\"")
        #expect(markup.root?.attributes["data-chart"] == "a\"b")
    }

    @Test func theSameChartGivesTheSameBytes() {
        let make = {
            XYChart.line(
                labels: self.labels,
                series: [.init(name: "a", points: [.init(x: 1, y: 0.1234567)]), .init(name: "b", points: [.init(x: 2, y: 3)])]
            ).svg()
        }
        #expect(make() == make())
    }

    @Test(arguments: [
        (0.0, 1.0, ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]),
        (0.88, 0.93, ["0.88", "0.89", "0.90", "0.91", "0.92", "0.93"]),
        (1.0, 25.0, ["0", "5", "10", "15", "20", "25"]),
        (120.0, 7400.0, ["0", "1000", "2000", "3000", "4000", "5000", "6000", "7000", "8000"]),
    ])
    func ticksAreRoundAndLabelledWithTheDecimalsTheirStepNeeds(lower: Double, upper: Double, expected: [String]) {
        #expect(AxisMapping.linear([lower, upper]).ticks.map(\.label) == expected)
    }

    @Test func aSingleValueStillGetsAnAxis() {
        let mapping = AxisMapping.linear([0.9])
        #expect(mapping.lower < 0.9 && mapping.upper > 0.9)
        #expect(mapping.position(0.9, from: 0, to: 100).map { $0 > 0 && $0 < 100 } == true)
    }
}

@Suite struct ChartNumberTests {
    @Test(arguments: [
        (5e6, 5e6, "5e6"), (2.5e-5, 1e-5, "2.5e-5"), (0.25, 0.05, "0.25"), (-0.0, 0.1, "0.0"), (1200, 200, "1200"),
    ])
    func tickLabelsAreShortAndFixed(value: Double, step: Double, expected: String) {
        #expect(ChartNumber.tick(value, step: step) == expected)
    }
}
