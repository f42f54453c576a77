/// Guesses a file's delimiter from its first lines.
enum DelimiterSniffer {
    /// In order of preference when several fit equally.
    static let candidates: [UInt8] = [UInt8(ascii: "\t"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "|"), UInt8(ascii: " ")]

    /// The first candidate that appears the same, non-zero number of times on
    /// each of the first (up to) ten non-blank lines, counting outside quotes;
    /// failing that, the candidate most frequent on the first line; failing
    /// that (a single column), a comma.
    static func sniff(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) -> UInt8 {
        var perLine: [[Int]] = []
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false, lineHasText = false
        var i = start
        while i < end, perLine.count < 10 {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if !inQuotes, byte == UInt8(ascii: "\n") {
                if lineHasText { perLine.append(counts) }
                counts = [Int](repeating: 0, count: candidates.count)
                lineHasText = false
            } else if !inQuotes, let slot = candidates.firstIndex(of: byte) {
                counts[slot] += 1
            }
            if byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") { lineHasText = true }
            i += 1
        }
        if lineHasText, perLine.count < 10 { perLine.append(counts) }
        guard let first = perLine.first else { return UInt8(ascii: ",") }
        for slot in candidates.indices where first[slot] > 0 && perLine.allSatisfy({ $0[slot] == first[slot] }) {
            return candidates[slot]
        }
        if let best = candidates.indices.max(by: { first[$0] < first[$1] || (first[$0] == first[$1] && $0 > $1) }), first[best] > 0 {
            return candidates[best]
        }
        return UInt8(ascii: ",")
    }
}
