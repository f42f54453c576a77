/// What a user, item or group identifier may hold: UTF-8 text without NUL
/// bytes. Anything else is a damaged or mis-encoded file, and an id that
/// cannot be printed or typed again would only show up later as a user
/// nobody can find. (Quoted fields may hold tabs and line breaks, and keep them.)
enum IdentifierText {
    struct Problem: Equatable {
        /// Byte offset of the offending byte in the file.
        var offset: Int
        /// Completes "the user identifier …".
        var message: String
    }

    /// The first problem in `bytes[start..<end]`, or `nil` when it is a valid identifier.
    /// Plain ASCII, the common case, costs two comparisons per byte.
    static func problem(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Problem? {
        var i = start
        while i < end {
            let byte = bytes[i]
            if byte < 0x80 {
                if byte == 0 { return Problem(offset: i, message: "holds a NUL byte") }
                i += 1
                continue
            }
            guard let length = validSequenceLength(bytes, at: i, end: end) else {
                return Problem(offset: i, message: "is not valid UTF-8")
            }
            i += length
        }
        return nil
    }

    /// The length of the well-formed UTF-8 sequence starting at `i` (a lead byte ≥ 0x80), or `nil`.
    /// Follows the Unicode table of well-formed byte sequences: no overlong forms, no surrogates, nothing above U+10FFFF.
    private static func validSequenceLength(_ bytes: UnsafePointer<UInt8>, at i: Int, end: Int) -> Int? {
        let lead = bytes[i]
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: (length, low) = (3, 0xA0)
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: (length, high) = (3, 0x9F)
        case 0xF0: (length, low) = (4, 0x90)
        case 0xF1...0xF3: length = 4
        case 0xF4: (length, high) = (4, 0x8F)
        default: return nil
        }
        guard i + length <= end else { return nil }
        guard bytes[i + 1] >= low, bytes[i + 1] <= high else { return nil }
        for offset in 2..<length where bytes[i + offset] < 0x80 || bytes[i + offset] > 0xBF { return nil }
        return length
    }
}
