/// How stage `deps`, `outs` and data paths are compared: the checks, lowering
/// and the input-file check must agree on when two spellings name one file.
public enum StagePaths {
    /// `./data/x.csv`, `data//x.csv` and `data/../data/x.csv` name the same file as `data/x.csv`.
    /// A `..` that climbs above the start is kept, so `../x` stays distinct from `x`.
    public static func normalized(_ path: String) -> String {
        isNormalized(path) ? path : collapsed(path)
    }

    /// `path` with empty and `.` parts dropped and each `..` taking out the part before it.
    static func collapsed(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : joined
    }

    /// Whether `normalized(path)` is `path` itself: no empty or `.` part, and
    /// no `..` after a part it would remove. Checked on bytes, with no copy,
    /// since every dep and out of every stage passes here.
    static func isNormalized(_ path: String) -> Bool {
        var utf8 = path.utf8[...]
        if utf8.first == UInt8(ascii: "/") { utf8 = utf8.dropFirst() }
        var sawNamedPart = false
        while true {
            let end = utf8.firstIndex(of: UInt8(ascii: "/")) ?? utf8.endIndex
            let part = utf8[..<end]
            if part.isEmpty || part.elementsEqual(".".utf8) { return false }
            if part.elementsEqual("..".utf8) {
                if sawNamedPart { return false }
            } else {
                sawNamedPart = true
            }
            guard end < utf8.endIndex else { return true }
            utf8 = utf8[utf8.index(after: end)...]
        }
    }
}
