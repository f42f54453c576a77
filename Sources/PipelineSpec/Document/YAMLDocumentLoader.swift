import PipelineBasics
import Yams

/// Reads YAML text into a located `ConfigNode` tree. Syntax errors come out
/// as diagnostics in the same compiler form as every other mistake.
public enum YAMLDocumentLoader {
    public static func load(_ text: String, file: String) -> Result<ConfigNode, Diagnostic> {
        let root: Yams.Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return .failure(diagnostic(for: error, file: file))
        } catch {
            return .failure(.error("yaml-syntax", "cannot read YAML: \(error)", at: SourcePosition(file: file, line: 1, column: 1)))
        }
        guard let root else {
            return .success(.mapping([], SourcePosition(file: file, line: 1, column: 1)))
        }
        return .success(convert(root, file: file))
    }

    private static func convert(_ node: Yams.Node, file: String) -> ConfigNode {
        let position = SourcePosition(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        switch node {
        case .scalar(let scalar):
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
                || scalar.style == .literal || scalar.style == .folded
            return .scalar(ConfigScalar(text: scalar.string, isQuoted: quoted, position: position))
        case .sequence(let sequence):
            return .sequence(sequence.map { convert($0, file: file) }, position)
        case .mapping(let mapping):
            let entries = mapping.map { pair -> ConfigEntry in
                let keyPosition = SourcePosition(file: file, line: pair.key.mark?.line ?? position.line, column: pair.key.mark?.column ?? position.column)
                let keyText = pair.key.scalar?.string ?? "<complex key>"
                return ConfigEntry(key: Located(keyText, at: keyPosition), value: convert(pair.value, file: file))
            }
            return .mapping(entries, position)
        }
    }

    private static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var notes: [String] = []
            if let context {
                notes.append("\(context.text) at line \(context.mark.line), column \(context.mark.column)")
            }
            return .error(
                "yaml-syntax", "invalid YAML: \(problem)",
                at: SourcePosition(file: file, line: mark.line, column: mark.column),
                notes: notes, hints: syntaxHints(for: problem))
        case .reader(let problem, _, _, _):
            return .error("yaml-syntax", "cannot read the file: \(problem)", at: SourcePosition(file: file, line: 1, column: 1),
                          hints: ["save the file as UTF-8"])
        default:
            return .error("yaml-syntax", "invalid YAML: \(error)", at: SourcePosition(file: file, line: 1, column: 1))
        }
    }

    private static func syntaxHints(for problem: String) -> [String] {
        if problem.contains("tab") {
            return ["indent with spaces; YAML does not allow tabs for indentation"]
        }
        if problem.contains("mapping values are not allowed") {
            return ["a value containing ': ' must be quoted"]
        }
        if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
            return ["check the indentation of this line against the lines above it"]
        }
        if problem.contains("found undefined alias") || problem.contains("undefined alias") {
            return ["define the anchor (&name) before using the alias (*name)"]
        }
        return []
    }
}
