/// Renders diagnostics in compiler form:
///
///     pipeline.yaml:12:5: error: unknown key 'epocs' in model 'svd'
///         epocs: 20
///         ^
///     hint: did you mean 'epochs'?
///
/// Diagnostics without a line (command-line flags, whole files) print as
/// `WHERE: error: MESSAGE` with no source excerpt.
public struct DiagnosticRenderer: Sendable {
    /// Source text by file name, for the excerpt lines.
    private var sources: [String: [String]]

    public init(sources: [String: String] = [:]) {
        self.sources = sources.mapValues(sourceLines)
    }

    public mutating func addSource(_ text: String, for file: String) {
        sources[file] = sourceLines(text)
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        let position = diagnostic.position
        let place =
            position.isKnown
            ? "\(position.file):\(position.line):\(position.column)" : (position.file.isEmpty ? "mass" : position.file)
        var lines = ["\(place): \(diagnostic.severity.rawValue): \(diagnostic.message)"]
        if position.isKnown, let text = sources[position.file], position.line <= text.count {
            let line = text[position.line - 1].replacingTabs()
            lines.append(line)
            lines.append(String(repeating: " ", count: max(0, position.column - 1)) + "^")
        }
        lines += diagnostic.notes.map { "note: \($0)" }
        lines += diagnostic.hints.map { "hint: \($0)" }
        return lines.joined(separator: "\n")
    }

    /// Every diagnostic, in report order, then a summary line when there are any.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        render(groups: [diagnostics])
    }

    /// Groups in the order given (e.g. one per file, as named on the command
    /// line), each in report order, then one summary line.
    public func render(groups: [[Diagnostic]]) -> String {
        let sorted = groups.flatMap { $0.sortedForReport() }
        guard !sorted.isEmpty else { return "" }
        let errors = sorted.filter { $0.severity == .error }.count
        let warnings = sorted.filter { $0.severity == .warning }.count
        var summary: [String] = []
        if errors > 0 { summary.append(errors == 1 ? "1 error" : "\(errors) errors") }
        if warnings > 0 { summary.append(warnings == 1 ? "1 warning" : "\(warnings) warnings") }
        let body = sorted.map(render).joined(separator: "\n")
        return summary.isEmpty ? body : body + "\n" + summary.joined(separator: " and ") + " generated."
    }
}

/// The lines of a text as libyaml numbers them: "\r\n", "\r" and "\n" each end one.
/// Works on UTF-8 bytes, because "\r\n" is a single `Character`, and line
/// breaks are single bytes that never occur inside another character's encoding.
public func sourceLines(_ text: String) -> [String] {
    var lines: [String] = []
    var text = text
    text.withUTF8 { bytes in
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                if byte == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { index += 1 }
                start = index + 1
            }
            index += 1
        }
        lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]), as: UTF8.self))
    }
    return lines
}

private extension String {
    /// Tabs become one space so the caret stays under the column libyaml counted.
    func replacingTabs() -> String {
        String(map { $0 == "\t" ? " " : $0 })
    }
}
