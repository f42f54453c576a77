/// How stage `deps`, `outs` and data paths are compared: the checks, lowering
/// and the input-file check must agree on when two spellings name one file.
public enum StagePaths {
    /// `./data/x.csv`, `data//x.csv` and `data/../data/x.csv` name the same file as `data/x.csv`.
    /// A `..` that climbs above the start is kept, so `../x` stays distinct from `x`.
    public static func normalized(_ path: String) -> String {
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
}
