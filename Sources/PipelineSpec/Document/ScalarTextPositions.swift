import PipelineBasics

/// Maps a character offset in a scalar's text back to the file: through the
/// lines of a literal block (`run: |`) and over the escapes of a quoted scalar
/// (`"out\\${env.X}"` has one character in its text for two in the file).
struct ScalarTextPositions {
    let scalar: ConfigScalar
    let sourceLines: [String]

    func position(ofOffset offset: Int) -> SourcePosition {
        let text = Array(scalar.text)
        let before = text.prefix(max(0, min(offset, text.count)))
        if let block = scalar.blockContent {
            let lineIndex = before.filter { $0 == "\n" }.count
            let column = before.count - ((before.lastIndex(of: "\n") ?? -1) + 1)
            return SourcePosition(file: block.file, line: block.line + lineIndex, column: block.column + column)
        }
        var position = scalar.position
        guard !scalar.text.contains("\n") else { return position }
        guard scalar.isQuoted, let raw = rawText(after: position) else {
            position.column += offset
            return position
        }
        position.column += 1 + rawLength(of: offset, in: raw)
        return position
    }

    /// The line's characters after the opening quote, when the scalar starts with one.
    private func rawText(after position: SourcePosition) -> (quote: Character, characters: [Character])? {
        guard position.line >= 1, position.line <= sourceLines.count else { return nil }
        let line = Array(sourceLines[position.line - 1])
        guard position.column >= 1, position.column <= line.count,
            line[position.column - 1] == "\"" || line[position.column - 1] == "'"
        else {
            return nil
        }
        return (line[position.column - 1], Array(line[position.column...]))
    }

    /// How many characters of the file hold the first `offset` characters of the text.
    private func rawLength(of offset: Int, in raw: (quote: Character, characters: [Character])) -> Int {
        var index = 0
        for _ in 0..<offset {
            guard index < raw.characters.count else { return offset }
            if raw.quote == "\"" && raw.characters[index] == "\\" {
                index += escapeLength(at: index + 1, in: raw.characters)
            } else if raw.quote == "'" && raw.characters[index] == "'" {
                index += 2
            } else {
                index += 1
            }
        }
        return index
    }

    /// `\n` is two characters, `\xNN` four, `\uNNNN` six, `\UNNNNNNNN` ten.
    private func escapeLength(at index: Int, in characters: [Character]) -> Int {
        guard index < characters.count else { return 1 }
        switch characters[index] {
        case "x": return 4
        case "u": return 6
        case "U": return 10
        default: return 2
        }
    }
}
