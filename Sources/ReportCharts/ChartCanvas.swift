/// The frame every chart shares: the `<svg>` with its `<title>`, the plot
/// area, axes with ticks, grid lines and titles, and a legend when there is
/// more than one series. Chart types place their marks inside it.
struct ChartCanvas {
    let labels: ChartLabels
    let series: [String]
    let width: Double = 560
    let height: Double = 300

    var left: Double { 72 }
    var top: Double { 36 }
    var right: Double { width - (series.count > 1 ? 150 : 20) }
    var bottom: Double { height - 50 }

    /// The y axis: ticks, labels and grid lines across the plot, and its title turned on its side.
    /// Values map `inset` points inside the plot's edges, so that marks at the ends are not cut.
    func yAxis(_ mapping: AxisMapping, inset: Double = 0) -> SVGElement {
        var children = [SVGElement.line(x1: left, y1: top, x2: left, y2: bottom, className: "axis-line")]
        for tick in mapping.ticks {
            let y = mapping.position(unit: tick.unit, from: bottom - inset, to: top + inset)
            children.append(.line(x1: left, y1: y, x2: right, y2: y, className: "grid"))
            children.append(.label(tick.label, x: left - 6, y: y + 4, className: "tick", anchor: "end"))
        }
        children.append(axisTitle(labels.y, axis: "y", x: 16, y: (top + bottom) / 2, rotate: true))
        return group("axis y", children)
    }

    /// A numeric x axis, values mapped `inset` points inside the plot's edges.
    func xAxis(_ mapping: AxisMapping, inset: Double = 0) -> SVGElement {
        var children = [SVGElement.line(x1: left, y1: bottom, x2: right, y2: bottom, className: "axis-line")]
        for tick in mapping.ticks {
            let x = mapping.position(unit: tick.unit, from: left + inset, to: right - inset)
            children.append(.line(x1: x, y1: bottom, x2: x, y2: bottom + 5, className: "tick-mark"))
            children.append(.label(tick.label, x: x, y: bottom + 18, className: "tick"))
        }
        children.append(axisTitle(labels.x, axis: "x", x: (left + right) / 2, y: height - 10))
        return group("axis x", children)
    }

    /// An x axis of named categories, one band each, names shortened to fit their band.
    func categoryAxis(_ names: [String]) -> SVGElement {
        var children = [SVGElement.line(x1: left, y1: bottom, x2: right, y2: bottom, className: "axis-line")]
        let band = (right - left) / Double(max(names.count, 1))
        let fits = max(3, Int(band / 7))
        for (index, name) in names.enumerated() {
            let shown = name.count > fits ? String(name.prefix(fits - 1)) + "…" : name
            children.append(.label(shown, x: left + band * (Double(index) + 0.5), y: bottom + 18, className: "tick"))
        }
        children.append(axisTitle(labels.x, axis: "x", x: (left + right) / 2, y: height - 10))
        return group("axis x", children)
    }

    /// The whole chart. `counts` become `data-` attributes (`points`, `bars`) that say how many marks it holds.
    func svg(kind: String, counts: [(name: String, value: Int)], marks: [SVGElement]) -> String {
        var attributes: [(name: String, value: String)] = [
            ("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(Int(width)) \(Int(height))"),
            ("width", String(Int(width))), ("height", String(Int(height))), ("role", "img"), ("aria-label", labels.title),
            ("class", "chart"), ("data-chart", labels.id), ("data-kind", kind), ("data-series", String(series.count)),
        ]
        for count in counts { attributes.append(("data-" + count.name, String(count.value))) }
        attributes.append(("font-family", "sans-serif"))
        attributes.append(("font-size", "11"))
        var children: [SVGElement] = [
            .title(labels.title),
            SVGElement("rect", [("x", "0"), ("y", "0"), ("width", "100%"), ("height", "100%"), ("fill", "#ffffff")]),
            SVGElement(
                "text",
                [
                    ("class", "chart-title"), ("x", ChartNumber.coordinate(left)), ("y", "20"), ("font-size", "14"),
                    ("font-weight", "bold"),
                ],
                text: labels.title),
        ]
        children += marks
        if series.count > 1 { children.append(legend()) }
        return SVGElement("svg", attributes, children: children).render()
    }

    private func legend() -> SVGElement {
        var children: [SVGElement] = []
        for (index, name) in series.enumerated() {
            let y = top + Double(index) * 18
            children.append(
                SVGElement(
                    "rect",
                    [
                        ("x", ChartNumber.coordinate(right + 14)), ("y", ChartNumber.coordinate(y)), ("width", "10"),
                        ("height", "10"), ("fill", ChartPalette.colour(index)),
                    ]))
            let shown = name.count > 18 ? String(name.prefix(17)) + "…" : name
            children.append(.label(shown, x: right + 30, y: y + 9, className: "legend-label", anchor: "start"))
        }
        return group("legend", children)
    }

    private func axisTitle(_ title: AxisTitle, axis: String, x: Double, y: Double, rotate: Bool = false) -> SVGElement {
        var element = SVGElement.label(title.text, x: x, y: y, className: "axis-label", rotate: rotate)
        element.attributes.append(("data-axis", axis))
        element.attributes.append(("font-size", "12"))
        return element
    }

    func group(_ className: String, _ children: [SVGElement]) -> SVGElement {
        var attributes: [(name: String, value: String)] = [("class", className)]
        if className.hasPrefix("axis") || className == "legend" {
            attributes += [("stroke-width", "1"), ("fill", "#333333")]
        }
        return SVGElement("g", attributes, children: children.map(Self.styled))
    }

    /// Presentation attributes, so a chart reads the same outside the page's stylesheet.
    private static func styled(_ element: SVGElement) -> SVGElement {
        var element = element
        let className = element.attributes.first { $0.name == "class" }?.value
        switch className {
        case "axis-line", "tick-mark": element.attributes.append(("stroke", "#333333"))
        case "grid": element.attributes.append(("stroke", "#e4e4e4"))
        default: break
        }
        return element
    }
}
