/// Finds `${...}` references in a scalar's text.
enum InterpolationScanner {
    enum Kind: Equatable {
        case reference(namespace: String, name: String)
        case unknownNamespace(namespace: String, name: String)
        /// `${params.}` or `${env.}`.
        case emptyName(namespace: String)
        /// `${NAME}`: left for the shell.
        case shellVariable(name: String)
        case unterminated
    }

    struct Reference {
        var range: Range<String.Index>
        var kind: Kind
    }

    static let namespaces = ["params", "env"]

    static func scan(_ text: String) -> [Reference] {
        var references: [Reference] = []
        var index = text.startIndex
        while let start = text[index...].firstRange(of: "${")?.lowerBound {
            guard let close = text[start...].firstIndex(of: "}") else {
                references.append(Reference(range: start..<text.endIndex, kind: .unterminated))
                break
            }
            let body = String(text[text.index(start, offsetBy: 2)..<close])
            let range = start..<text.index(after: close)
            references.append(Reference(range: range, kind: kind(of: body)))
            index = range.upperBound
        }
        return references
    }

    private static func kind(of body: String) -> Kind {
        guard let dot = body.firstIndex(of: ".") else { return .shellVariable(name: body) }
        let namespace = String(body[..<dot])
        let name = String(body[body.index(after: dot)...])
        if namespaces.contains(namespace) {
            return name.isEmpty ? .emptyName(namespace: namespace) : .reference(namespace: namespace, name: name)
        }
        return .unknownNamespace(namespace: namespace, name: name)
    }
}
