/// Counts in bins on a numeric axis, the series side by side within each
/// bin: predicted against true ratings.
public struct HistogramChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        /// One count per bin.
        public var counts: [Int]

        public init(name: String, counts: [Int]) {
            self.name = name
            self.counts = counts
        }
    }

    public var labels: ChartLabels
    /// The bins' edges, in order: one more than the bins.
    public var edges: [Double]
    public var series: [Series]

    public init(labels: ChartLabels, edges: [Double], series: [Series]) {
        self.labels = labels
        self.edges = edges
        self.series = series
    }

    var binCount: Int { max(edges.count - 1, 0) }

    /// Every bin of every series is a bar, empty ones too (with no height), so the count is bins × series.
    public var barCount: Int { binCount * series.count }

    public func svg() -> String {
        let canvas = ChartCanvas(labels: labels, series: series.map(\.name))
        let x = AxisMapping.linear(edges, exact: true)
        let y = AxisMapping.linear(
            series.flatMap { $0.counts.prefix(binCount).map(Double.init) }, includeZero: true, integers: true)
        let zero = y.position(0, from: canvas.bottom, to: canvas.top) ?? canvas.bottom
        var bars: [SVGElement] = []
        for bin in 0..<binCount {
            guard let start = x.position(edges[bin], from: canvas.left, to: canvas.right),
                let end = x.position(edges[bin + 1], from: canvas.left, to: canvas.right)
            else { continue }
            let width = (end - start) * 0.9 / Double(max(series.count, 1))
            for (position, entry) in series.enumerated() {
                let count = bin < entry.counts.count ? entry.counts[bin] : 0
                let top = y.position(Double(count), from: canvas.bottom, to: canvas.top) ?? zero
                let range = "\(ChartNumber.value(edges[bin]))–\(ChartNumber.value(edges[bin + 1]))"
                bars.append(
                    SVGElement(
                        "rect",
                        [
                            ("class", "bar"), ("data-series", entry.name),
                            ("x", ChartNumber.coordinate(start + (end - start) * 0.05 + width * Double(position))),
                            ("y", ChartNumber.coordinate(top)), ("width", ChartNumber.coordinate(width)),
                            ("height", ChartNumber.coordinate(zero - top)), ("fill", ChartPalette.colour(position)),
                        ], children: [.title("\(entry.name), \(range): \(count)")]))
            }
        }
        let marks = [canvas.yAxis(y), canvas.xAxis(x), SVGElement("g", [("class", "marks")], children: bars)]
        return canvas.svg(kind: "histogram", counts: [("bars", barCount), ("bins", binCount)], marks: marks)
    }
}
