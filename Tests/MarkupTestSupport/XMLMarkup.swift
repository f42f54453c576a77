import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A chart's SVG, or a whole report page, read back with an XML parser: proof
/// that it is well formed, and what a reader finds (elements in document
/// order, their attributes and texts).
public final class XMLMarkup: NSObject, XMLParserDelegate {
    public struct Element: Sendable {
        public var name: String
        public var attributes: [String: String]
        /// The text directly inside the element (not its children's).
        public var text: String
    }

    public private(set) var elements: [Element] = []
    private var open: [Int] = []
    /// Why the parser stopped, when the text is not well formed.
    public private(set) var error: String?

    public init(_ text: String) {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        if !parser.parse() { error = parser.parserError.map { "\($0)" } ?? "not well formed" }
    }

    public var root: Element? { elements.first }

    public func all(_ name: String, className: String? = nil) -> [Element] {
        elements.filter { $0.name == name && (className == nil || $0.attributes["class"] == className) }
    }

    /// The title of a chart's `x` or `y` axis.
    public func axisLabel(_ axis: String) -> String? {
        all("text", className: "axis-label").first { $0.attributes["data-axis"] == axis }?.text
    }

    public func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        open.append(elements.count)
        elements.append(Element(name: name, attributes: attributes, text: ""))
    }

    public func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard let index = open.last else { return }
        elements[index].text += string
    }

    public func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }
}
