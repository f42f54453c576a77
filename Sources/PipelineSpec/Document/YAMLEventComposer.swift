import CYaml
import PipelineBasics

/// Builds the located `ConfigNode` tree straight from libyaml's events: the
/// tree `Yams.compose` would give, converted, without Yams' node tree in
/// between (for a 10,000-stage pipeline that tree cost a third of a no-op run).
///
/// Anchors, aliases and merge keys (`<<`) are resolved as Yams and the YAML
/// spec resolve them. On any error it gives up (`nil`): the caller then asks
/// Yams, whose error message is the one users see. `CYaml` is the libyaml
/// that Yams builds and parses with; it comes with the Yams dependency.
struct YAMLEventComposer: ~Copyable {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let file: String
    private let lines: [String]
    /// Nodes by anchor name; a later anchor of the same name replaces an earlier one.
    private var anchors: [String: Composed] = [:]

    enum Outcome {
        case root(ConfigNode)
        /// A file without a document (empty, or comments only).
        case noDocument
        /// libyaml reported an error, an alias names no anchor, or a second document follows.
        case failed
    }

    static func compose(_ text: String, file: String, lines: [String]) -> Outcome {
        var text = text
        return text.withUTF8 { bytes in
            var composer = YAMLEventComposer(file: file, lines: lines)
            return composer.composeDocument(bytes)
        }
    }

    private init(file: String, lines: [String]) {
        parser = .allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        self.file = file
        self.lines = lines
        yaml_parser_initialize(parser)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
    }

    /// A node and whether it is a merge key: `<<` written plainly (a quoted `"<<"` is an ordinary key).
    private struct Composed {
        var node: ConfigNode
        var isMergeKey = false
    }

    private mutating func composeDocument(_ bytes: UnsafeBufferPointer<UInt8>) -> Outcome {
        let empty: [UInt8] = [0]
        return empty.withUnsafeBufferPointer { emptyBytes in
            // libyaml wants a pointer even for no text.
            yaml_parser_set_input_string(parser, bytes.baseAddress ?? emptyBytes.baseAddress, bytes.count)
            guard let start = next(), start.type == YAML_STREAM_START_EVENT, let first = next() else { return .failed }
            if first.type == YAML_STREAM_END_EVENT { return .noDocument }
            guard first.type == YAML_DOCUMENT_START_EVENT, let rootEvent = next(), let root = node(from: rootEvent),
                next()?.type == YAML_DOCUMENT_END_EVENT, next()?.type == YAML_STREAM_END_EVENT
            else { return .failed }
            return .root(root.node)
        }
    }

    /// The node that `event` starts, with everything below it; `nil` after an error.
    private mutating func node(from event: Event) -> Composed? {
        let position = SourcePosition(file: file, line: event.line, column: event.column)
        let composed: Composed
        switch event.type {
        case YAML_ALIAS_EVENT:
            return event.anchor.flatMap { anchors[$0] }
        case YAML_SCALAR_EVENT:
            let style = event.scalarStyle
            let quoted =
                style == YAML_SINGLE_QUOTED_SCALAR_STYLE || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE
                || style == YAML_LITERAL_SCALAR_STYLE || style == YAML_FOLDED_SCALAR_STYLE
            var scalar = ConfigScalar(text: event.scalarText, isQuoted: quoted, position: position)
            if style == YAML_LITERAL_SCALAR_STYLE {
                scalar.blockContent = YAMLDocumentLoader.blockContentStart(after: position, lines: lines)
            }
            let isMergeKey =
                scalar.text == "<<" && style != YAML_SINGLE_QUOTED_SCALAR_STYLE && style != YAML_DOUBLE_QUOTED_SCALAR_STYLE
            composed = Composed(node: .scalar(scalar), isMergeKey: isMergeKey)
        case YAML_SEQUENCE_START_EVENT:
            var items: [ConfigNode] = []
            while true {
                guard let item = next() else { return nil }
                if item.type == YAML_SEQUENCE_END_EVENT { break }
                guard let child = node(from: item) else { return nil }
                items.append(child.node)
            }
            composed = Composed(node: .sequence(items, position))
        case YAML_MAPPING_START_EVENT:
            guard let entries = mappingEntries() else { return nil }
            composed = Composed(node: .mapping(entries, position))
        default:
            return nil
        }
        if let anchor = event.anchor { anchors[anchor] = composed }
        return composed
    }

    /// A mapping's entries up to its end event, merge keys applied.
    private mutating func mappingEntries() -> [ConfigEntry]? {
        var explicit: [ConfigEntry] = []
        var merged: [ConfigEntry] = []
        while true {
            guard let keyEvent = next() else { return nil }
            if keyEvent.type == YAML_MAPPING_END_EVENT { break }
            guard let key = node(from: keyEvent), let valueEvent = next(), let value = node(from: valueEvent) else {
                return nil
            }
            let keyText: String
            if case .scalar(let scalar) = key.node { keyText = scalar.text } else { keyText = "<complex key>" }
            if key.isMergeKey, let sources = YAMLDocumentLoader.mergeSources(value.node) {
                merged += sources.flatMap { $0 }
            } else {
                explicit.append(ConfigEntry(key: Located(keyText, at: key.node.position), value: value.node))
            }
        }
        // Most mappings merge nothing: no set of their keys is built then.
        return merged.isEmpty ? explicit : explicit + YAMLDocumentLoader.withoutShadowed(merged, by: explicit)
    }

    /// The next event, copied out of libyaml's; `nil` on an error.
    private mutating func next() -> Event? {
        var raw = yaml_event_t()
        guard yaml_parser_parse(parser, &raw) == 1 else { return nil }
        defer { yaml_event_delete(&raw) }
        return Event(raw)
    }
}

/// What the composer needs of one libyaml event.
private struct Event {
    var type: yaml_event_type_t
    /// 1-based, as Yams' marks.
    var line: Int
    var column: Int
    /// The anchor a node defines, or the one an alias names.
    var anchor: String?
    var scalarText = ""
    var scalarStyle = YAML_ANY_SCALAR_STYLE

    init(_ raw: yaml_event_t) {
        type = raw.type
        line = raw.start_mark.line + 1
        column = raw.start_mark.column + 1
        switch raw.type {
        case YAML_ALIAS_EVENT:
            anchor = raw.data.alias.anchor.map { String(cString: $0) }
        case YAML_SCALAR_EVENT:
            anchor = raw.data.scalar.anchor.map { String(cString: $0) }
            // A scalar may hold NUL characters: its length, not a terminator, ends it.
            scalarText = String(
                decoding: UnsafeBufferPointer(start: raw.data.scalar.value, count: raw.data.scalar.length), as: UTF8.self)
            scalarStyle = raw.data.scalar.style
        case YAML_SEQUENCE_START_EVENT:
            anchor = raw.data.sequence_start.anchor.map { String(cString: $0) }
        case YAML_MAPPING_START_EVENT:
            anchor = raw.data.mapping_start.anchor.map { String(cString: $0) }
        default:
            anchor = nil
        }
    }
}
