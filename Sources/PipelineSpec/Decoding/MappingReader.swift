import PipelineBasics

/// Reads one YAML mapping: looks keys up, reports duplicates, missing and
/// unknown keys (with "did you mean"), so each section decoder states only
/// what it expects.
struct MappingReader {
    let entries: [ConfigEntry]
    let position: SourcePosition
    /// How the mapping is named in messages: "model 'svd'", "the pipeline".
    let context: String
    let sink: DiagnosticSink
    /// The key that names the mapping (`search:`, `svd:`): a missing key is
    /// reported there, not at whichever entry happens to come first.
    let ownerPosition: SourcePosition?

    /// `nil` (with an error) when `node` is not a mapping.
    init?(_ node: ConfigNode, context: String, sink: DiagnosticSink, owner: SourcePosition? = nil, hints: [String] = []) {
        guard case .mapping(let entries, let position) = node else {
            if case .scalar(let scalar) = node, !scalar.isPoisoned, scalar.resolved == .null {
                sink.error(.wrongType, "\(context) is empty; it must be a mapping", at: node.position, hints: hints)
            } else if !node.isPoisoned {
                sink.error(.wrongType, "\(context) must be a mapping, found \(node.shapeName)", at: node.position, hints: hints)
            }
            return nil
        }
        self.ownerPosition = owner
        self.entries = entries
        self.position = position
        self.context = context
        self.sink = sink
        reportDuplicates()
    }

    /// The value of the first entry with this key.
    subscript(key: String) -> ConfigNode? {
        entries.first { $0.key.value == key }?.value
    }

    func keyPosition(_ key: String) -> SourcePosition {
        entries.first { $0.key.value == key }?.key.position ?? position
    }

    /// Where a missing key is reported.
    var missingKeyPosition: SourcePosition { ownerPosition ?? position }

    /// The value, or an error naming the missing key. When another key is a
    /// misspelling of it, the unknown-key error ("did you mean") says it all.
    func required(_ key: String, hint: String? = nil) -> ConfigNode? {
        if let value = self[key] { return value }
        guard misspelling(of: key) == nil else { return nil }
        sink.error(
            .missingKey, "missing required key '\(key)' in \(context)", at: missingKeyPosition, hints: hint.map { [$0] } ?? [])
        return nil
    }

    /// An entry whose key looks like a misspelling of `key`.
    func misspelling(of key: String) -> ConfigEntry? {
        entries.first { $0.key.value != key && suggestions(for: $0.key.value, among: [key]) == [key] }
    }

    /// Reports every key not in `allowed`, suggesting the closest allowed one.
    /// - Parameter extensionHint: a further hint for a key with no close match (the top level's `x-` keys).
    func rejectUnknownKeys(allowed: [String], extraHint: String? = nil, extensionHint: ((String) -> String)? = nil) {
        for entry in entries where !allowed.contains(entry.key.value) {
            var hints = didYouMean(entry.key.value, among: allowed)
            if hints.isEmpty {
                hints = [extraHint ?? "\(context) takes: " + allowed.joined(separator: ", ")]
                if let extensionHint { hints.append(extensionHint(entry.key.value)) }
            }
            sink.error(.unknownKey, "unknown key '\(entry.key.value)' in \(context)", at: entry.key.position, hints: hints)
        }
    }

    /// YAML parsers keep one of two equal keys silently; mass refuses both.
    private func reportDuplicates() {
        // A stage's few keys are compared directly: a dictionary per mapping costs
        // more than the comparisons in a file of thousands of small mappings.
        if entries.count <= Self.directComparisonLimit {
            for index in entries.indices.dropFirst() {
                let key = entries[index].key
                guard let earlier = entries[..<index].first(where: { $0.key.value == key.value }) else { continue }
                reportDuplicate(key, firstAt: earlier.key.position)
            }
            return
        }
        var first: [String: SourcePosition] = [:]
        for entry in entries {
            if let earlier = first[entry.key.value] {
                reportDuplicate(entry.key, firstAt: earlier)
            } else {
                first[entry.key.value] = entry.key.position
            }
        }
    }

    /// Mappings up to this size are checked for duplicates without a dictionary.
    static let directComparisonLimit = 16

    private func reportDuplicate(_ key: Located<String>, firstAt earlier: SourcePosition) {
        sink.error(
            .duplicateKey, "duplicate key '\(key.value)' in \(context)", at: key.position,
            notes: ["first defined at line \(earlier.line), column \(earlier.column)"],
            hints: ["remove one of the two, or rename it"])
    }
}
