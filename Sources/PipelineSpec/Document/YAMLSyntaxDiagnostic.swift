import PipelineBasics
import Yams

/// Turns libyaml's errors into diagnostics that name the user's mistake:
/// an unclosed bracket is reported where it opens, not where the parser gave up.
enum YAMLSyntaxDiagnostic {
    static func make(for error: YamlError, file: String, source: String) -> Diagnostic {
        let lines = sourceLines(source)
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let position = SourcePosition(file: file, line: mark.line, column: mark.column)
            let contextPosition = context.map { SourcePosition(file: file, line: $0.mark.line, column: $0.mark.column) }
            let found = character(at: position, lines: lines)
            // `{a: ${params.x}}`: libyaml stops at the `{` of an unquoted reference.
            var before = position
            before.column -= 1
            let isUnquotedReference = found == "$" || (found == "{" && character(at: before, lines: lines) == "$")
            if problem.contains("found another document") {
                return .error(
                    .yamlSyntax, "a pipeline file holds one YAML document; found a second ('---')", at: position,
                    hints: ["remove the second document, or put it in a file of its own"])
            }
            if let contextPosition, let opener = unclosedOpener(context: context?.text ?? "", at: contextPosition, lines: lines),
                !(isUnquotedReference && opener != "\"" && opener != "'")
            {
                let reached = "the parser reached line \(position.line), column \(position.column)"
                return .error(
                    .yamlSyntax, "unclosed \(shown(opener))", at: contextPosition,
                    notes: ["\(reached) without finding the closing \(closer(of: opener))"],
                    hints: ["close it with \(closer(of: opener))"])
            }
            if isUnquotedReference {
                var dollar = position
                if found == "{" { dollar.column -= 1 }
                return .error(
                    .yamlSyntax, "unquoted '${...}' inside '{...}' or '[...]'", at: dollar,
                    hints: ["quote the reference: \"${params.NAME}\""])
            }
            var notes: [String] = []
            if let context, let contextPosition, contextPosition != position {
                notes.append("\(context.text) at line \(context.mark.line), column \(context.mark.column)")
            }
            return .error(
                .yamlSyntax, "invalid YAML: \(problem)", at: position, notes: notes,
                hints: hints(for: problem, found: found))
        case .reader(let problem, _, _, _):
            return .error(
                .yamlSyntax, "cannot read the file: \(problem)", at: SourcePosition(file: file, line: 1, column: 1),
                hints: ["save the file as UTF-8"])
        default:
            return .error(.yamlSyntax, "invalid YAML: \(error)", at: SourcePosition(file: file, line: 1, column: 1))
        }
    }

    /// The bracket or quote that libyaml's context points at, when the context says it was never closed.
    private static func unclosedOpener(context: String, at position: SourcePosition, lines: [String]) -> Character? {
        guard context.contains("flow sequence") || context.contains("flow mapping") || context.contains("quoted scalar"),
            let character = character(at: position, lines: lines), "[{\"'".contains(character)
        else { return nil }
        return character
    }

    private static func closer(of opener: Character) -> String {
        switch opener {
        case "[": "']'"
        case "{": "'}'"
        default: shown(opener)
        }
    }

    /// A character in quotes that do not clash with it: '[' but "'".
    private static func shown(_ character: Character) -> String {
        character == "'" ? "\"'\"" : "'\(character)'"
    }

    private static func character(at position: SourcePosition, lines: [String]) -> Character? {
        guard position.line >= 1, position.line <= lines.count else { return nil }
        let line = Array(lines[position.line - 1])
        guard position.column >= 1, position.column <= line.count else { return nil }
        return line[position.column - 1]
    }

    private static func hints(for problem: String, found: Character?) -> [String] {
        if found == "\t" || problem.contains("tab") {
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
