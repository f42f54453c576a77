import PipelineBasics
import Yams

/// Reads YAML text into a located `ConfigNode` tree. Syntax errors come out
/// as diagnostics in the same compiler form as every other mistake.
public enum YAMLDocumentLoader {
    /// - Parameter lines: `sourceLines(text)`, when the caller has them already.
    public static func load(_ text: String, file: String, lines: [String]? = nil) -> Result<ConfigNode, Diagnostic> {
        switch YAMLEventComposer.compose(text, file: file, lines: lines ?? sourceLines(text)) {
        case .root(let root): return .success(root)
        case .noDocument: return .success(.mapping([], SourcePosition(file: file, line: 1, column: 1)))
        case .failed: break
        }
        // The composer stopped at an error: Yams reads the text again for its message.
        do {
            _ = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return .failure(YAMLSyntaxDiagnostic.make(for: error, file: file, source: text))
        } catch {
            return .failure(.error(.yamlSyntax, "cannot read YAML: \(error)", at: SourcePosition(file: file, line: 1, column: 1)))
        }
        // Only a composer that refused valid YAML gets here.
        return .failure(.error(.yamlSyntax, "cannot read YAML", at: SourcePosition(file: file, line: 1, column: 1)))
    }

    /// The entries a merge key brings in: one mapping, or a list of mappings
    /// (earlier ones win). `nil` when the value is neither, so that it is
    /// reported as an ordinary unknown key.
    static func mergeSources(_ value: ConfigNode) -> [[ConfigEntry]]? {
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
    static func withoutShadowed(_ merged: [ConfigEntry], by explicit: [ConfigEntry]) -> [ConfigEntry] {
        var taken = Set(explicit.map(\.key.value))
        return merged.filter { taken.insert($0.key.value).inserted }
    }

    /// Where the text of a literal block scalar (`run: |`) starts: the line
    /// after the indicator (leading blank lines are part of the text), at the
    /// indentation of the first line that is not blank.
    static func blockContentStart(after indicator: SourcePosition, lines: [String]) -> SourcePosition? {
        let following = lines.dropFirst(indicator.line)  // lines after the indicator's
        guard let first = following.first(where: { !$0.allSatisfy { $0 == " " } }) else { return nil }
        let indent = first.prefix { $0 == " " }.count
        return SourcePosition(file: indicator.file, line: indicator.line + 1, column: indent + 1)
    }
}
