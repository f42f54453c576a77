#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Parses numbers straight from bytes. Plain decimals (`-12.5`, `3`, `1e5`)
/// with at most 19 significant digits and a small power of ten take an exact
/// fast path (Clinger's: both the digits and the power of ten are exact
/// doubles, so one IEEE multiplication or division rounds correctly); other
/// decimals go to `strtod`. Only decimals and the words `nan`, `inf` and
/// `infinity` (with a sign, any case) are numbers: `strtod` would also read
/// hexadecimal (`0x3` as 3), which no rating file means.
enum DecimalParser {
    /// The number in `bytes[start..<end]`, or `nil` if the text is not a number.
    /// The result may be non-finite (`nan`, `inf`, overflow); callers decide.
    static func parse(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Double? {
        guard start < end else { return nil }
        var i = start
        var negative = false
        if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0  // significant digits kept in `mantissa`
        var exponent = 0  // power of ten applied to `mantissa`
        var sawDigit = false
        while i < end, bytes[i] &- UInt8(ascii: "0") < 10 {
            let digit = UInt64(bytes[i] &- UInt8(ascii: "0"))
            if mantissa != 0 || digit != 0 { digits += 1 }
            mantissa = mantissa &* 10 &+ digit
            sawDigit = true
            i += 1
        }
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, bytes[i] &- UInt8(ascii: "0") < 10 {
                let digit = UInt64(bytes[i] &- UInt8(ascii: "0"))
                if mantissa != 0 || digit != 0 { digits += 1 }
                mantissa = mantissa &* 10 &+ digit
                exponent -= 1
                sawDigit = true
                i += 1
            }
        }
        if sawDigit, i < end, bytes[i] | 0x20 == UInt8(ascii: "e") {
            var j = i + 1
            var exponentNegative = false
            if j < end, bytes[j] == UInt8(ascii: "-") || bytes[j] == UInt8(ascii: "+") {
                exponentNegative = bytes[j] == UInt8(ascii: "-")
                j += 1
            }
            var written = 0
            var sawExponentDigit = false
            while j < end, bytes[j] &- UInt8(ascii: "0") < 10 {
                if written < 100_000 { written = written * 10 + Int(bytes[j] &- UInt8(ascii: "0")) }
                sawExponentDigit = true
                j += 1
            }
            if sawExponentDigit {
                exponent += exponentNegative ? -written : written
                i = j
            }
        }
        guard sawDigit, i == end else {
            return isNonFiniteWord(bytes, from: start, to: end) ? parseWithStrtod(bytes, from: start, to: end) : nil
        }
        if digits <= 19, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            var value = Double(mantissa)
            if exponent < 0 { value /= exactPowersOfTen[-exponent] } else if exponent > 0 { value *= exactPowersOfTen[exponent] }
            return negative ? -value : value
        }
        return parseWithStrtod(bytes, from: start, to: end)
    }

    /// Whether the text is `nan`, `inf` or `infinity`, optionally signed, in any case:
    /// read so that the caller can say "not a finite number" rather than "not a number".
    private static func isNonFiniteWord(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var i = start
        if i < end, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
        let length = end - i
        guard length == 3 || length == 8 else { return false }
        var word: [UInt8] = []
        word.reserveCapacity(length)
        for offset in i..<end { word.append(bytes[offset] | 0x20) }
        return word == Array("nan".utf8) || word == Array("inf".utf8) || word == Array("infinity".utf8)
    }

    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    private static func parseWithStrtod(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Double? {
        let length = end - start
        // strtod needs a terminated string; it would also skip leading spaces, which we do not allow.
        if bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { return nil }
        let text = UnsafeMutablePointer<CChar>.allocate(capacity: length + 1)
        defer { text.deallocate() }
        for offset in 0..<length { text[offset] = CChar(bitPattern: bytes[start + offset]) }
        text[length] = 0
        var stop: UnsafeMutablePointer<CChar>? = nil
        let value = strtod(text, &stop)
        guard let stop, stop == text + length else { return nil }
        return value
    }
}

/// Numbers in messages: integers without a trailing `.0`.
func formatNumber(_ value: Double) -> String {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(value)
}
