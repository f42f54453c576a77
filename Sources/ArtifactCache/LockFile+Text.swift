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
    public func text() -> String { String(decoding: bytes(), as: UTF8.self) }

    /// The text form's UTF-8 bytes, built as bytes: a large lock is megabytes of short pieces.
    public func bytes() -> [UInt8] {
        var out = LockText.Output()
        out.bytes.reserveCapacity(nodes.count * 640)
        out.append("# Written by mass at the end of each run. Commit it with the pipeline.\n")
        out.append(Self.header)
        out.append("\n")
        for node in nodes {
            out.append("\nnode ")
            out.appendQuoted(node.id)
            out.append("\n  fingerprint ")
            out.append(node.fingerprint)
            out.append("\n  operation ")
            out.appendKey(node.operation)
            out.append(" \(node.version)\n")
            for input in node.inputs {
                out.append("  input ")
                out.appendQuoted(input)
                out.append("\n")
            }
            Self.append("config", node.configuration, to: &out)
            Self.append("file", node.files, to: &out)
            Self.append("output", node.outputs, to: &out)
            for (name, value) in node.metrics.sorted(by: { $0.key < $1.key }) {
                out.append("  metric ")
                out.appendKey(name)
                out.append(" = \(value)\n")
            }
        }
        return out.bytes
    }

    /// `  keyword key = value` lines, sorted by key.
    private static func append(_ keyword: String, _ values: [String: String], to out: inout LockText.Output) {
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            out.append("  ")
            out.append(keyword)
            out.append(" ")
            out.appendKey(key)
            out.append(" = ")
            out.append(value)
            out.append("\n")
        }
    }

    /// Parses the text form.
    public init(text: String) throws(CacheError) {
        try self.init(bytes: Array(text.utf8))
    }

    /// Parses the text form from its UTF-8 bytes.
    public init(bytes: [UInt8]) throws(CacheError) {
        var nodes: [LockedNode] = []
        // The node being read, built in plain values: setting a record's field
        // in place would copy its dictionaries on every line.
        var current: PendingNode?
        var sawHeader = false
        let header = Array(Self.header.utf8)
        var lineNumber = 0
        var start = bytes.startIndex
        // Line by line without an array of all lines first (a large lock has hundreds of thousands).
        while start <= bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            defer { start = end + 1 }
            lineNumber += 1
            let line = bytes[start..<end].drop { $0 == UInt8(ascii: " ") }
            if line.isEmpty || line.first == UInt8(ascii: "#") { continue }
            // A damaged byte (a flipped one is never ASCII) makes the file unreadable rather than a record that
            // still matches its fingerprint and would be carried into the next lock as it is.
            if line.contains(where: { $0 >= 0x80 }), String(validating: line, as: UTF8.self) == nil {
                throw LockText.error(lineNumber, "not UTF-8 text")
            }
            if !sawHeader {
                guard line.elementsEqual(header) else { throw LockText.error(lineNumber, "expected '\(Self.header)'") }
                sawHeader = true
                continue
            }
            var scanner = LockText.Scanner(line: line, lineNumber: lineNumber)
            let keyword = scanner.word()
            if keyword == "node" {
                if let finished = current.take() { nodes.append(finished.record) }
                current = PendingNode(id: try scanner.quoted())
                continue
            }
            guard current != nil else { throw LockText.error(lineNumber, "'\(keyword)' outside a node") }
            switch keyword {
            case "fingerprint": current?.fingerprint = scanner.rest()
            case "operation":
                current?.operation = try scanner.key()
                guard let version = Int(scanner.rest()) else { throw LockText.error(lineNumber, "bad operation version") }
                current?.version = version
            case "duration":
                // Written by earlier versions; durations now go to the run record under the cache.
                continue
            case "input": current?.inputs.append(try scanner.quoted())
            case "config":
                let (key, value) = try scanner.assignment()
                current?.configuration[key] = value
            case "file":
                let (key, value) = try scanner.assignment()
                current?.files[key] = value
            case "output":
                let (key, value) = try scanner.assignment()
                current?.outputs[key] = value
            case "metric":
                let (key, value) = try scanner.assignment()
                guard let number = Double(value) else { throw LockText.error(lineNumber, "bad metric value '\(value)'") }
                current?.metrics[key] = number
            default:
                throw LockText.error(lineNumber, "unknown entry '\(keyword)'")
            }
        }
        guard sawHeader else { throw LockText.error(1, "empty lock file") }
        if let finished = current { nodes.append(finished.record) }
        self.init(nodes: nodes)
    }
}

/// One node's lines as read so far.
private struct PendingNode {
    var id: String
    var fingerprint = ""
    var operation = ""
    var version = 0
    var configuration: [String: String] = [:]
    var inputs: [String] = []
    var files: [String: String] = [:]
    var outputs: [String: String] = [:]
    var metrics: [String: Double] = [:]

    var record: LockedNode {
        LockedNode(
            id: id, fingerprint: fingerprint, operation: operation, version: version, configuration: configuration,
            inputs: inputs, files: files, outputs: outputs, metrics: metrics)
    }
}
