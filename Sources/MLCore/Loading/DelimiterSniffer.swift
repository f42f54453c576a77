/// Guesses a file's delimiter from its first lines.
enum DelimiterSniffer {
    /// In order of preference when several fit equally; `::` (MovieLens 1M and
    /// 10M) is tried only when no single byte fits.
    static let candidates: [Delimiter] = [.tab, .comma, .semicolon, .pipe, .space, .doubleColon]

    /// The first candidate that appears the same, non-zero number of times on
    /// each of the first (up to) ten non-blank lines, counting outside quotes;
    /// failing that, the candidate most frequent on the first line; failing
    /// that (a single column), a comma.
    static func sniff(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Delimiter {
        let sample = sampleLines(bytes, from: start, to: end)
        guard !sample.isEmpty else { return .comma }
        let perLine = sample.map { line in candidates.map { count($0.bytes, in: line) } }
        for slot in candidates.indices where perLine[0][slot] > 0 && perLine.allSatisfy({ $0[slot] == perLine[0][slot] }) {
            return candidates[slot]
        }
        if let best = candidates.indices.max(by: {
            perLine[0][$0] < perLine[0][$1] || (perLine[0][$0] == perLine[0][$1] && $0 > $1)
        }),
            perLine[0][best] > 0
        {
            return candidates[best]
        }
        return .comma
    }

    /// Up to ten non-blank lines, with quoted text blanked out (a quoted
    /// field may hold delimiters and line breaks).
    private static func sampleLines(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) -> [[UInt8]] {
        var lines: [[UInt8]] = [], current: [UInt8] = []
        var inQuotes = false, i = start
        while i < end, lines.count < 10 {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if !inQuotes, byte == UInt8(ascii: "\n") {
                if !current.isEmpty { lines.append(current) }
                current = []
            } else if !inQuotes, byte != UInt8(ascii: "\r") {
                current.append(byte)
            }
            i += 1
        }
        if !current.isEmpty, lines.count < 10 { lines.append(current) }
        return lines
    }

    /// Non-overlapping occurrences of `pattern` in `line`.
    private static func count(_ pattern: [UInt8], in line: [UInt8]) -> Int {
        var found = 0, i = 0
        while i + pattern.count <= line.count {
            if line[i..<(i + pattern.count)].elementsEqual(pattern) {
                found += 1
                i += pattern.count
            } else {
                i += 1
            }
        }
        return found
    }
}
