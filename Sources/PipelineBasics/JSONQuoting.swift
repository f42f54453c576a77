/// `text` as a JSON string literal: quotes, backslashes and control
/// characters escaped, everything else as is. The canonical configuration
/// form (and so every fingerprint), the lock file and the JSON Schema use it.
public func jsonQuoted(_ text: String) -> String {
    var result = ""
    appendJSONQuoted(text, to: &result)
    return result
}

/// `jsonQuoted(text)`'s UTF-8 bytes appended to `output`; text that needs no
/// escape (most of it) is copied as is, without an intermediate string.
public func appendJSONQuoted(_ text: String, to output: inout [UInt8]) {
    let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
    guard text.utf8.allSatisfy({ $0 >= 0x20 && $0 != quote && $0 != backslash }) else {
        output.append(contentsOf: jsonQuoted(text).utf8)
        return
    }
    output.append(quote)
    output.append(contentsOf: text.utf8)
    output.append(quote)
}

/// Which characters a JSON string literal escapes beyond the ones it must.
public enum JSONEscapes: Sendable {
    /// Quotes, backslashes and control characters only: the canonical form.
    case required
    /// Also `/`, and backspace and form feed by name: what Foundation's `JSONEncoder` writes.
    case foundation
}

/// Appends `text` as a JSON string literal, without an intermediate string.
public func appendJSONQuoted(_ text: String, to output: inout String, escapes: JSONEscapes = .required) {
    output += "\""
    let foundation = escapes == .foundation
    // Most text needs no escape: one append, rather than one per scalar.
    if text.utf8.allSatisfy({
        $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") && !(foundation && $0 == UInt8(ascii: "/"))
    }) {
        output += text
        output += "\""
        return
    }
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": output += "\\\""
        case "\\": output += "\\\\"
        case "/" where foundation: output += "\\/"
        case "\u{8}" where foundation: output += "\\b"
        case "\u{C}" where foundation: output += "\\f"
        case "\n": output += "\\n"
        case "\r": output += "\\r"
        case "\t": output += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: output.unicodeScalars.append(scalar)
        }
    }
    output += "\""
}
