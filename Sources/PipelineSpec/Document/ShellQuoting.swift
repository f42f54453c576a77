/// Splicing a value into a shell command as exactly one word, whatever the
/// value holds: used for `${params.NAME}` inside `run:`, so that no value
/// (from the file or from `-p`) can change the command's structure.
enum ShellQuoting {
    /// Where in a command a spliced value stands.
    enum Context: Equatable {
        case unquoted
        case singleQuoted
        case doubleQuoted
    }

    /// The quoting in force at the end of `text` (a command's start), as `sh` reads it.
    static func context(after text: Substring) -> Context {
        var context = Context.unquoted
        var escaped = false
        for character in text {
            if escaped {
                escaped = false
                continue
            }
            switch (context, character) {
            case (.unquoted, "\\"), (.doubleQuoted, "\\"): escaped = true
            case (.unquoted, "'"): context = .singleQuoted
            case (.unquoted, "\""): context = .doubleQuoted
            case (.singleQuoted, "'"), (.doubleQuoted, "\""): context = .unquoted
            default: break
            }
        }
        return context
    }

    /// `value` written so that, in `context`, the shell reads back exactly its text.
    /// Bare when it holds only characters no shell treats specially (`1000`, `data/x.csv`).
    static func quoted(_ value: String, in context: Context) -> String {
        switch context {
        case .unquoted:
            if !value.isEmpty && value.unicodeScalars.allSatisfy(isPlain) { return value }
            return "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
        case .singleQuoted:
            return value.replacingOccurrences(of: "'", with: "'\\''")
        case .doubleQuoted:
            var escaped = ""
            for character in value {
                if character == "\\" || character == "\"" || character == "$" || character == "`" { escaped.append("\\") }
                escaped.append(character)
            }
            return escaped
        }
    }

    private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "@", "%", "+", "=", ":", ",", ".", "/", "-": true
        default: false
        }
    }
}
