/// A token of a search-space expression, with its character offset in the scalar.
struct ExpressionToken {
    enum Kind: Equatable, CustomStringConvertible {
        case identifier(String)
        /// A bare word in argument position: a string choice, or `log`.
        case identifierArgument(String)
        case number(String)
        case string(String)
        case open, close, comma, end
        case invalid(Character)
        /// Text that starts like a number but is not one: `1e`, `0.0.1`.
        case invalidNumber(String)
        /// A string whose closing quote is missing.
        case unterminatedString

        var description: String {
            switch self {
            case .identifier(let name), .identifierArgument(let name): "'\(name)'"
            case .number(let text): "number \(text)"
            case .string(let text): "string \"\(text)\""
            case .open: "'('"
            case .close: "')'"
            case .comma: "','"
            case .end: "the end of the expression"
            case .invalid(let character): "'\(character)'"
            case .invalidNumber(let text): "invalid number '\(text)'"
            case .unterminatedString: "unterminated string"
            }
        }

        /// The text of a number token as written (`1e3`), else the description.
        var writtenText: String {
            if case .number(let text) = self { return text }
            return description
        }

        /// The value of an argument token.
        var argumentValue: ParameterValue? {
            switch self {
            case .number(let text):
                if let int = Int(text) { return .int(int) }
                return Double(text).map(ParameterValue.double)
            case .identifierArgument(let word):
                if word == "true" { return .bool(true) }
                if word == "false" { return .bool(false) }
                return .string(word)
            case .string(let text): return .string(text)
            default: return nil
            }
        }
    }

    var kind: Kind
    var offset: Int

    /// Splits the text; the first identifier is the function, later ones are
    /// arguments. The list always ends with `.end`.
    static func tokenize(_ text: String) -> [ExpressionToken] {
        let characters = Array(text)
        var tokens: [ExpressionToken] = []
        var i = 0
        while i < characters.count {
            let c = characters[i]
            let start = i
            if c.isWhitespace {
                i += 1
                continue
            }
            switch c {
            case "(": tokens.append(ExpressionToken(kind: .open, offset: i)); i += 1
            case ")": tokens.append(ExpressionToken(kind: .close, offset: i)); i += 1
            case ",": tokens.append(ExpressionToken(kind: .comma, offset: i)); i += 1
            case "\"", "'":
                i += 1
                var value = ""
                while i < characters.count, characters[i] != c {
                    if characters[i] == "\\", i + 1 < characters.count { i += 1 }
                    value.append(characters[i])
                    i += 1
                }
                if i >= characters.count {
                    tokens.append(ExpressionToken(kind: .unterminatedString, offset: start))
                    return tokens + [ExpressionToken(kind: .end, offset: characters.count)]
                }
                i += 1
                tokens.append(ExpressionToken(kind: .string(value), offset: start))
            default:
                if c.isNumber || c == "-" || c == "+" || c == "." {
                    while i < characters.count,
                        characters[i].isNumber || ".eE".contains(characters[i])
                            || ((characters[i] == "-" || characters[i] == "+")
                                && (i == start || "eE".contains(characters[i - 1])))
                    {
                        i += 1
                    }
                    let text = String(characters[start..<i])
                    let isNumber = Double(text) != nil && text.contains(where: \.isNumber)
                    tokens.append(ExpressionToken(kind: isNumber ? .number(text) : .invalidNumber(text), offset: start))
                } else if c.isLetter || c == "_" {
                    while i < characters.count,
                        characters[i].isLetter || characters[i].isNumber || characters[i] == "_" || characters[i] == "-"
                    {
                        i += 1
                    }
                    let word = String(characters[start..<i])
                    tokens.append(
                        ExpressionToken(kind: tokens.isEmpty ? .identifier(word) : .identifierArgument(word), offset: start))
                } else {
                    tokens.append(ExpressionToken(kind: .invalid(c), offset: start))
                    i += 1
                }
            }
        }
        tokens.append(ExpressionToken(kind: .end, offset: characters.count))
        return tokens
    }
}
