/// The lock file's text form: one block per node, one fact per line, sorted,
/// so that a change shows up in review as a few changed lines, and nothing
/// that changes from run to run (durations are in the run record).
///
///     mass-lock 1
///
///     node "train svd @ fold 3"
///       fingerprint 9f86d081884c7d65…
///       operation train-mf 2
///       input "split fold 3"
///       config lr = 0.005
///       file data/ratings.csv = 2c26b46b68ffc68f…
///       output artifact = 5e884898da280471…
///       metric rmse = 0.912
extension LockFile {
    static let header = "mass-lock 1"

    /// The text form; the same lock always gives the same bytes.
    public func text() -> String {
        var lines = ["# Written by mass at the end of each run. Commit it with the pipeline.", Self.header]
        for node in nodes {
            lines.append("")
            lines.append("node \(LockText.quote(node.id))")
            lines.append("  fingerprint \(node.fingerprint)")
            lines.append("  operation \(LockText.key(node.operation)) \(node.version)")
            for input in node.inputs { lines.append("  input \(LockText.quote(input))") }
            for (key, value) in node.configuration.sorted(by: { $0.key < $1.key }) {
                lines.append("  config \(LockText.key(key)) = \(value)")
            }
            for (path, hash) in node.files.sorted(by: { $0.key < $1.key }) {
                lines.append("  file \(LockText.key(path)) = \(hash)")
            }
            for (name, hash) in node.outputs.sorted(by: { $0.key < $1.key }) {
                lines.append("  output \(LockText.key(name)) = \(hash)")
            }
            for (name, value) in node.metrics.sorted(by: { $0.key < $1.key }) {
                lines.append("  metric \(LockText.key(name)) = \(value)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Parses the text form.
    public init(text: String) throws(CacheError) {
        var nodes: [LockedNode] = []
        var sawHeader = false
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let line = rawLine.drop { $0 == " " }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if !sawHeader {
                guard line == Self.header else { throw LockText.error(lineNumber, "expected '\(Self.header)'") }
                sawHeader = true
                continue
            }
            var scanner = LockText.Scanner(line: Substring(line), lineNumber: lineNumber)
            let keyword = scanner.word()
            if keyword == "node" {
                nodes.append(LockedNode(id: try scanner.quoted(), fingerprint: "", operation: "", version: 0))
                continue
            }
            guard !nodes.isEmpty else { throw LockText.error(lineNumber, "'\(keyword)' outside a node") }
            let last = nodes.count - 1
            switch keyword {
            case "fingerprint": nodes[last].fingerprint = scanner.rest()
            case "operation":
                nodes[last].operation = try scanner.key()
                guard let version = Int(scanner.rest()) else { throw LockText.error(lineNumber, "bad operation version") }
                nodes[last].version = version
            case "duration":
                // Written by earlier versions; durations now go to the run record under the cache.
                continue
            case "input": nodes[last].inputs.append(try scanner.quoted())
            case "config":
                let (key, value) = try scanner.assignment()
                nodes[last].configuration[key] = value
            case "file":
                let (key, value) = try scanner.assignment()
                nodes[last].files[key] = value
            case "output":
                let (key, value) = try scanner.assignment()
                nodes[last].outputs[key] = value
            case "metric":
                let (key, value) = try scanner.assignment()
                guard let number = Double(value) else { throw LockText.error(lineNumber, "bad metric value '\(value)'") }
                nodes[last].metrics[key] = number
            default:
                throw LockText.error(lineNumber, "unknown entry '\(keyword)'")
            }
        }
        guard sawHeader else { throw LockText.error(1, "empty lock file") }
        self.init(nodes: nodes)
    }
}
