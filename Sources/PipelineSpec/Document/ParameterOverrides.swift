import Foundation
import PipelineBasics

/// Values given on the command line that replace `params:` entries:
/// `-p NAME=VALUE` (repeatable) and `--params FILE.yaml`.
public struct ParameterOverrides: Sendable {
    /// One override and how it was given, for messages ("-p factors=128").
    struct Entry: Sendable {
        var name: Located<String>
        var value: ConfigNode
        var flag: String
    }

    var entries: [Entry] = []
    /// Problems found while reading the overrides themselves.
    public private(set) var diagnostics: [Diagnostic] = []
    /// Source text of `--params` files, for rendering their diagnostics.
    public private(set) var sources: [String: String] = [:]

    public init() {}

    /// Adds `-p NAME=VALUE`. The value is read as a YAML scalar, so `-p factors=128` is an integer.
    public mutating func add(assignment: String) {
        let flag = "-p \(assignment)"
        let where_ = SourcePosition(file: flag, line: 0, column: 0)
        guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
            diagnostics.append(.error(.invalidOverride, "expected NAME=VALUE", at: where_, hints: ["e.g. -p factors=128"]))
            return
        }
        let name = String(assignment[..<equals])
        let text = String(assignment[assignment.index(after: equals)...])
        let value = ConfigNode.scalar(ConfigScalar(text: text, isQuoted: false, position: where_, origin: flag))
        entries.append(Entry(name: Located(name, at: where_), value: value, flag: flag))
    }

    /// Adds every entry of a YAML mapping file.
    public mutating func add(file path: String, text: String) {
        sources[path] = text
        switch YAMLDocumentLoader.load(text, file: path) {
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
        case .success(let root):
            let sink = DiagnosticSink()
            if let reader = MappingReader(root, context: "the parameters file", sink: sink) {
                for entry in reader.entries {
                    entries.append(
                        Entry(name: entry.key, value: entry.value.withOrigin("--params \(path)"), flag: "--params \(path)"))
                }
            }
            diagnostics += sink.diagnostics
        }
    }

    public var isEmpty: Bool { entries.isEmpty }
}

extension ConfigNode {
    /// The same node with every scalar remembering where it came from.
    func withOrigin(_ origin: String) -> ConfigNode {
        switch self {
        case .scalar(var scalar):
            scalar.origin = "\(origin) (\(scalar.position))"
            return .scalar(scalar)
        case .sequence(let items, let position):
            return .sequence(items.map { $0.withOrigin(origin) }, position)
        case .mapping(let entries, let position):
            return .mapping(entries.map { ConfigEntry(key: $0.key, value: $0.value.withOrigin(origin)) }, position)
        }
    }
}

extension ParameterOverrides {
    /// Records a `--params` file that could not be read.
    public mutating func addUnreadable(_ path: String) {
        // The position names the flag; the message does not repeat it.
        let exists = FileManager.default.fileExists(atPath: path)
        diagnostics.append(
            .error(
                .unreadableFile, exists ? "cannot read the file" : "no such file",
                at: SourcePosition(file: "--params \(path)", line: 0, column: 0),
                hints: [
                    exists
                        ? "check the file's permissions and that it is UTF-8 text"
                        : "check the path; it is relative to the current folder"
                ]))
    }
}
