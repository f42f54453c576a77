import Foundation

/// The charts of a report as the browser's DOM holds them, read from
/// `--dump-dom`'s HTML with plain string search (the DOM is HTML, not XML).
struct RenderedChart {
    /// The `<svg>` element's attributes (`data-chart`, `data-points`, `aria-label`…).
    var attributes: [String: String]
    /// The `<title>` text: the chart's accessible name.
    var title: String
    /// The x and y axis titles.
    var xLabel: String?
    var yLabel: String?
    /// Markers (`<circle class="point">`) and bars (`<rect class="bar">`) in the DOM.
    var points: Int
    var bars: Int
    /// Tick labels on both axes.
    var ticks: Int

    var id: String { attributes["data-chart"] ?? "" }

    /// Every `<svg>…</svg>` in `dom`, in document order.
    static func all(in dom: String) -> [RenderedChart] {
        var charts: [RenderedChart] = []
        var rest = dom[...]
        while let open = rest.range(of: "<svg"), let close = rest.range(of: "</svg>", range: open.upperBound..<rest.endIndex) {
            charts.append(RenderedChart(String(rest[open.lowerBound..<close.upperBound])))
            rest = rest[close.upperBound...]
        }
        return charts
    }

    init(_ svg: String) {
        let openingTag = svg.prefix { $0 != ">" }
        attributes = Self.attributes(of: String(openingTag))
        title = Self.texts(of: "title", in: svg).first ?? ""
        let axisLabels = Self.elements("text", in: svg).filter { $0.attributes["class"] == "axis-label" }
        xLabel = axisLabels.first { $0.attributes["data-axis"] == "x" }?.text
        yLabel = axisLabels.first { $0.attributes["data-axis"] == "y" }?.text
        points = Self.elements("circle", in: svg).filter { $0.attributes["class"] == "point" }.count
        bars = Self.elements("rect", in: svg).filter { $0.attributes["class"] == "bar" }.count
        ticks = Self.elements("text", in: svg).filter { $0.attributes["class"] == "tick" }.count
    }

    /// Each `<name …>text<` in `html`: its attributes and the text up to the next tag.
    private static func elements(_ name: String, in html: String) -> [(attributes: [String: String], text: String)] {
        html.components(separatedBy: "<" + name + " ").dropFirst().map { chunk in
            let tag = chunk.prefix { $0 != ">" }
            let after = chunk.dropFirst(tag.count + 1).prefix { $0 != "<" }
            return (attributes(of: String(tag)), unescape(String(after)))
        }
    }

    private static func texts(of name: String, in html: String) -> [String] {
        html.components(separatedBy: "<\(name)>").dropFirst().map { unescape(String($0.prefix { $0 != "<" })) }
    }

    private static func attributes(of tag: String) -> [String: String] {
        var attributes: [String: String] = [:]
        for part in tag.components(separatedBy: "\" ") {
            let pieces = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pieces.count == 2 else { continue }
            let name = pieces[0].split(separator: " ").last.map(String.init) ?? pieces[0]
            attributes[name] = unescape(pieces[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
        }
        return attributes
    }

    private static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&nbsp;", with: "\u{a0}")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
