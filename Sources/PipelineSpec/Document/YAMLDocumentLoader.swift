import PipelineBasics
import Yams

/// Reads YAML text into a located `ConfigNode` tree. Syntax errors come out
/// as diagnostics in the same compiler form as every other mistake.
public enum YAMLDocumentLoader {
    /// - Parameter lines: `sourceLines(text)`, when the caller has them already.
    public static func load(_ text: String, file: String, lines: [String]? = nil) -> Result<ConfigNode, Diagnostic> {
        var parsed: Yams.Node?
        do {
            parsed = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return .failure(YAMLSyntaxDiagnostic.make(for: error, file: file, source: text))
        } catch {
            return .failure(.error(.yamlSyntax, "cannot read YAML: \(error)", at: SourcePosition(file: file, line: 1, column: 1)))
        }
        guard let root = parsed.take() else {
            return .success(.mapping([], SourcePosition(file: file, line: 1, column: 1)))
        }
        let converted = convert(root, file: file, lines: lines ?? sourceLines(text))
        releaseInBackground(consume root)
        return .success(converted)
    }

    private static func convert(_ node: Yams.Node, file: String, lines: [String]) -> ConfigNode {
        let position = SourcePosition(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        switch node {
        case .scalar(let scalar):
            let quoted =
                scalar.style == .singleQuoted || scalar.style == .doubleQuoted
                || scalar.style == .literal || scalar.style == .folded
            var converted = ConfigScalar(text: scalar.string, isQuoted: quoted, position: position)
            if scalar.style == .literal {
                converted.blockContent = blockContentStart(after: position, lines: lines)
            }
            return .scalar(converted)
        case .sequence(let sequence):
            return .sequence(sequence.map { convert($0, file: file, lines: lines) }, position)
        case .mapping(let mapping):
            var explicit: [ConfigEntry] = []
            explicit.reserveCapacity(mapping.count)
            var merged: [ConfigEntry] = []
            // By index: iterating a Yams mapping copies all of its pairs first.
            for index in mapping.indices {
                let (key, node) = mapping[index]
                let keyPosition = SourcePosition(
                    file: file, line: key.mark?.line ?? position.line, column: key.mark?.column ?? position.column)
                let keyText = key.scalar?.string ?? "<complex key>"
                let value = convert(node, file: file, lines: lines)
                if isMergeKey(key), let sources = mergeSources(value) {
                    merged += sources.flatMap { $0 }
                } else {
                    explicit.append(ConfigEntry(key: Located(keyText, at: keyPosition), value: value))
                }
            }
            // Most mappings merge nothing: no set of their keys is built then.
            return .mapping(merged.isEmpty ? explicit : explicit + withoutShadowed(merged, by: explicit), position)
        }
    }

    /// `<<` written plainly; a quoted `"<<"` is an ordinary key.
    private static func isMergeKey(_ key: Yams.Node) -> Bool {
        guard let scalar = key.scalar else { return false }
        return scalar.string == "<<" && scalar.style != .singleQuoted && scalar.style != .doubleQuoted
    }

    /// The entries a merge key brings in: one mapping, or a list of mappings
    /// (earlier ones win). `nil` when the value is neither, so that it is
    /// reported as an ordinary unknown key.
    private static func mergeSources(_ value: ConfigNode) -> [[ConfigEntry]]? {
        switch value {
        case .mapping(let entries, _):
            return [entries]
        case .sequence(let items, _):
            let mappings = items.compactMap { item -> [ConfigEntry]? in
                if case .mapping(let entries, _) = item { return entries }
                return nil
            }
            return mappings.count == items.count ? mappings : nil
        case .scalar:
            return nil
        }
    }

    /// Merged entries whose key is written explicitly, or merged earlier, give way.
    private static func withoutShadowed(_ merged: [ConfigEntry], by explicit: [ConfigEntry]) -> [ConfigEntry] {
        var taken = Set(explicit.map(\.key.value))
        return merged.filter { taken.insert($0.key.value).inserted }
    }

    /// Where the text of a literal block scalar (`run: |`) starts: the line
    /// after the indicator (leading blank lines are part of the text), at the
    /// indentation of the first line that is not blank.
    private static func blockContentStart(after indicator: SourcePosition, lines: [String]) -> SourcePosition? {
        let following = lines.dropFirst(indicator.line)  // lines after the indicator's
        guard let first = following.first(where: { !$0.allSatisfy { $0 == " " } }) else { return nil }
        let indent = first.prefix { $0 == " " }.count
        return SourcePosition(file: indicator.file, line: indicator.line + 1, column: indent + 1)
    }
}
