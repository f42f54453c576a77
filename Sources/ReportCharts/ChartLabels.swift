/// What a chart says about itself: its identity for tests and links, its
/// title and what each axis shows, in which unit.
public struct ChartLabels: Sendable {
    /// `data-chart` on the `<svg>`: a stable name for the chart (`fold-metrics-rmse`).
    public var id: String
    public var title: String
    public var x: AxisTitle
    public var y: AxisTitle

    public init(id: String, title: String, x: AxisTitle, y: AxisTitle) {
        self.id = id
        self.title = title
        self.x = x
        self.y = y
    }
}

/// An axis's name and unit, shown as `name (unit)`.
public struct AxisTitle: Sendable {
    public var name: String
    public var unit: String?

    public init(_ name: String, unit: String? = nil) {
        self.name = name
        self.unit = unit
    }

    public var text: String { unit.map { "\(name) (\($0))" } ?? name }
}

/// Series colours: the Okabe–Ito palette, told apart with the common colour-vision deficiencies.
enum ChartPalette {
    static let colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999", "#000000"]

    static func colour(_ index: Int) -> String { colours[index % colours.count] }
}
