/// A small tree of SVG elements that renders as well-formed XML, so the
/// charts read the same in an HTML page, an SVG file or an XML parser.
struct SVGElement: Sendable {
    var name: String
    /// In the order given: the same chart gives the same bytes.
    var attributes: [(name: String, value: String)]
    var children: [SVGElement]
    var text: String?

    init(_ name: String, _ attributes: [(name: String, value: String)] = [], text: String? = nil, children: [SVGElement] = []) {
        self.name = name
        self.attributes = attributes
        self.text = text
        self.children = children
    }

    func render() -> String {
        var output = ""
        render(into: &output)
        return output
    }

    private func render(into output: inout String) {
        output += "<" + name
        for attribute in attributes { output += " \(attribute.name)=\"\(Self.escape(attribute.value, quotes: true))\"" }
        guard text != nil || !children.isEmpty else {
            output += "/>"
            return
        }
        output += ">"
        if let text { output += Self.escape(text, quotes: false) }
        for child in children { child.render(into: &output) }
        output += "</\(name)>"
    }

    static func escape(_ text: String, quotes: Bool) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"" where quotes: escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

extension SVGElement {
    /// A `<text>` element at (x, y).
    static func label(_ text: String, x: Double, y: Double, className: String, anchor: String = "middle", rotate: Bool = false)
        -> SVGElement
    {
        var attributes: [(name: String, value: String)] = [
            ("class", className), ("x", ChartNumber.coordinate(x)), ("y", ChartNumber.coordinate(y)), ("text-anchor", anchor),
        ]
        if rotate { attributes.append(("transform", "rotate(-90 \(ChartNumber.coordinate(x)) \(ChartNumber.coordinate(y)))")) }
        return SVGElement("text", attributes, text: text)
    }

    static func line(x1: Double, y1: Double, x2: Double, y2: Double, className: String) -> SVGElement {
        SVGElement(
            "line",
            [
                ("class", className), ("x1", ChartNumber.coordinate(x1)), ("y1", ChartNumber.coordinate(y1)),
                ("x2", ChartNumber.coordinate(x2)), ("y2", ChartNumber.coordinate(y2)),
            ])
    }

    /// A `<title>` child: the tooltip a browser shows over a mark, and its accessible name.
    static func title(_ text: String) -> SVGElement { SVGElement("title", text: text) }
}
