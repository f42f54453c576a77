/// Bars grouped by category, one bar per series in each group, growing from
/// zero (up or down): a combiner's weight of each member, fold by fold.
public struct BarChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        /// One value per category; `nil` (or a value that is not finite) draws no bar.
        public var values: [Double?]

        public init(name: String, values: [Double?]) {
            self.name = name
            self.values = values
        }
    }

    public var labels: ChartLabels
    public var categories: [String]
    public var series: [Series]

    public init(labels: ChartLabels, categories: [String], series: [Series]) {
        self.labels = labels
        self.categories = categories
        self.series = series
    }

    /// The bars drawn: one per finite value.
    public var barCount: Int { series.reduce(0) { $0 + $1.values.filter { $0?.isFinite == true }.count } }

    public func svg() -> String {
        let canvas = ChartCanvas(labels: labels, series: series.map(\.name))
        let values = series.flatMap { $0.values.compactMap { $0 } }
        let y = AxisMapping.linear(values, includeZero: true)
        let band = (canvas.right - canvas.left) / Double(max(categories.count, 1))
        let barWidth = band * 0.8 / Double(max(series.count, 1))
        let zero = y.position(0, from: canvas.bottom, to: canvas.top) ?? canvas.bottom
        var bars: [SVGElement] = []
        for (index, category) in categories.enumerated() {
            for (position, entry) in series.enumerated() {
                guard index < entry.values.count, let value = entry.values[index],
                    let top = y.position(value, from: canvas.bottom, to: canvas.top)
                else { continue }
                let x = canvas.left + band * Double(index) + band * 0.1 + barWidth * Double(position)
                let name = series.count > 1 ? "\(entry.name), \(category)" : category
                bars.append(
                    SVGElement(
                        "rect",
                        [
                            ("class", "bar"), ("data-series", entry.name), ("x", ChartNumber.coordinate(x)),
                            ("y", ChartNumber.coordinate(min(top, zero))), ("width", ChartNumber.coordinate(barWidth)),
                            ("height", ChartNumber.coordinate(max(abs(zero - top), 0.5))),
                            ("fill", ChartPalette.colour(position)),
                        ], children: [.title("\(name): \(ChartNumber.value(value))")]))
            }
        }
        var zeroLine = SVGElement.line(x1: canvas.left, y1: zero, x2: canvas.right, y2: zero, className: "zero")
        zeroLine.attributes.append(("stroke", "#333333"))
        let marks = [
            canvas.yAxis(y), canvas.categoryAxis(categories), zeroLine, SVGElement("g", [("class", "marks")], children: bars),
        ]
        return canvas.svg(kind: "bar", counts: [("bars", barCount)], marks: marks)
    }
}
