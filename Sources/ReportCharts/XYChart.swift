/// Points on two numeric axes, joined by lines or not: a line chart
/// (learning curves, the best objective so far) or a scatter plot (each
/// searched parameter against the objective).
public struct XYChart: Sendable {
    public struct Point: Sendable {
        public var x: Double
        public var y: Double
        /// What the point's tooltip says before its coordinates (`trial 3`).
        public var label: String?

        public init(x: Double, y: Double, label: String? = nil) {
            self.x = x
            self.y = y
            self.label = label
        }
    }

    public struct Series: Sendable {
        public var name: String
        public var points: [Point]
        /// Join consecutive points with a line.
        public var line: Bool
        /// Draw a marker at each point (what `data-points` counts).
        public var markers: Bool

        public init(name: String, points: [Point], line: Bool = true, markers: Bool = true) {
            self.name = name
            self.points = points
            self.line = line
            self.markers = markers
        }
    }

    public var labels: ChartLabels
    public var series: [Series]
    public var xScale: AxisScale
    /// Ticks on whole numbers only along x (epochs, trials, folds).
    public var integerX: Bool

    public init(labels: ChartLabels, series: [Series], xScale: AxisScale = .linear, integerX: Bool = false) {
        self.labels = labels
        self.series = series
        self.xScale = xScale
        self.integerX = integerX
    }

    /// A line chart: every series joined, with a marker at each point.
    public static func line(labels: ChartLabels, series: [Series], integerX: Bool = false) -> XYChart {
        XYChart(labels: labels, series: series, integerX: integerX)
    }

    /// A scatter plot: markers only.
    public static func scatter(labels: ChartLabels, series: [Series], xScale: AxisScale = .linear) -> XYChart {
        XYChart(
            labels: labels, series: series.map { Series(name: $0.name, points: $0.points, line: false, markers: true) },
            xScale: xScale)
    }

    /// The markers drawn: one per point the axes can show.
    public var pointCount: Int {
        series.filter(\.markers).reduce(0) { count, entry in
            count + entry.points.filter { $0.y.isFinite && $0.x.isFinite && (xScale == .linear || $0.x > 0) }.count
        }
    }

    public func svg() -> String {
        let canvas = ChartCanvas(labels: labels, series: series.map(\.name))
        let xs = series.flatMap { $0.points.map(\.x) }, ys = series.flatMap { $0.points.map(\.y) }
        let x = xScale == .linear ? AxisMapping.linear(xs, integers: integerX) : AxisMapping.logarithmic(xs)
        let y = AxisMapping.linear(ys)
        // Markers at the ends of the axes stay whole.
        let inset = 8.0
        var marks = [canvas.yAxis(y, inset: inset), canvas.xAxis(x, inset: inset)]
        for (index, entry) in series.enumerated() {
            let colour = ChartPalette.colour(index)
            var placed: [(x: Double, y: Double, point: Point)?] = []
            for point in entry.points {
                guard let px = x.position(point.x, from: canvas.left + inset, to: canvas.right - inset),
                    let py = y.position(point.y, from: canvas.bottom - inset, to: canvas.top + inset)
                else {
                    placed.append(nil)
                    continue
                }
                placed.append((px, py, point))
            }
            var children: [SVGElement] = []
            if entry.line {
                // A point the axes cannot show breaks the line in two.
                for run in placed.split(whereSeparator: { $0 == nil }) where run.count > 1 {
                    let coordinates = run.compactMap { $0 }.map {
                        "\(ChartNumber.coordinate($0.x)),\(ChartNumber.coordinate($0.y))"
                    }
                    children.append(
                        SVGElement(
                            "polyline",
                            [
                                ("class", "line"), ("data-series", entry.name), ("points", coordinates.joined(separator: " ")),
                                ("fill", "none"), ("stroke", colour), ("stroke-width", "2"),
                            ]))
                }
            }
            if entry.markers {
                for case let (px, py, point)? in placed {
                    let prefix = point.label.map { "\($0): " } ?? ""
                    children.append(
                        SVGElement(
                            "circle",
                            [
                                ("class", "point"), ("data-series", entry.name), ("cx", ChartNumber.coordinate(px)),
                                ("cy", ChartNumber.coordinate(py)), ("r", "3.5"), ("fill", colour),
                            ],
                            children: [
                                .title("\(entry.name) · \(prefix)\(ChartNumber.value(point.x)), \(ChartNumber.value(point.y))")
                            ]))
                }
            }
            marks.append(SVGElement("g", [("class", "marks"), ("data-series", entry.name)], children: children))
        }
        return canvas.svg(kind: kind, counts: [("points", pointCount)], marks: marks)
    }

    private var kind: String { series.contains(where: \.line) ? "line" : "scatter" }
}
