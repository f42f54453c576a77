import PipelineBasics

extension SpecDecoder {
    static let attributeSourceKeys = ["path", "format", "delimiter", "header", "id", "attributes"]
    static let attributeKeys = ["column", "type", "separator"]

    /// `users: {path, id, attributes: {age: {column: age, type: numeric}, ...}}`: a table of attributes.
    func decodeAttributeSource(_ reader: MappingReader, name: Located<String>, context: String) -> DataSourceSpec? {
        reader.rejectUnknownKeys(allowed: Self.attributeSourceKeys)
        guard let entity = AttributeSourceSpec.Entity(rawValue: name.value) else {
            sink.error(
                .invalidValue, "\(context) has 'attributes', but only the sources 'users' and 'items' describe attributes",
                at: name.position, hints: ["name the source 'users' (keyed by the ratings' user ids) or 'items'"])
            return nil
        }
        let example = "e.g. \(name.value): {path: data/\(name.value).csv, id: id, attributes: {genre: genre}}"
        let path = reader.required("path", hint: example).flatMap { reading.string($0, "'path' in \(context)") }
        let id = reader.required("id", hint: "'id' names the column of the ids the ratings use; \(example)").flatMap {
            columnReference($0, role: "id", context: context)
        }
        let attributes = reader.required("attributes", hint: example).flatMap {
            decodeAttributes($0, context: "'attributes' in \(context)", owner: reader.keyPosition("attributes"))
        }
        let header = reader["header"].flatMap { reading.bool($0, "'header' in \(context)") } ?? Located(true, at: reader.position)
        let format = decodeFormat(reader, context: context)
        let delimiter = decodeDelimiter(reader, context: context)
        guard let path, let id, let attributes else { return nil }
        if reader["delimiter"] != nil && delimiter == nil { return nil }
        let spec = AttributeSourceSpec(
            entity: entity, path: path, format: format, delimiter: delimiter, header: header, id: id, attributes: attributes)
        return DataSourceSpec(name: name, origin: .attributes(spec))
    }

    private func decodeAttributes(_ node: ConfigNode, context: String, owner: SourcePosition) -> [AttributeSpec]? {
        guard let reader = MappingReader(node, context: context, sink: sink, owner: owner) else { return nil }
        guard !reader.entries.isEmpty else {
            sink.error(
                .invalidValue, "\(context) declares no attribute", at: node.position,
                hints: ["e.g. attributes: {gender: gender, age: {column: age, type: numeric}}"])
            return nil
        }
        var failed = false
        let attributes = namedEntries(node, context: context).compactMap { entry -> AttributeSpec? in
            let attribute = decodeAttribute(entry, context: "attribute '\(entry.key.value)' in \(context)")
            if attribute == nil { failed = true }
            return attribute
        }
        return failed ? nil : attributes
    }

    /// `name: COLUMN` (categorical) or `name: {column: COLUMN, type: categorical | numeric | multi, separator: " "}`.
    private func decodeAttribute(_ entry: ConfigEntry, context: String) -> AttributeSpec? {
        guard case .mapping = entry.value else {
            return columnReference(entry.value, role: "column", context: context).map {
                AttributeSpec(name: entry.key, column: $0, encoding: Located(.categorical, at: entry.key.position))
            }
        }
        guard let reader = MappingReader(entry.value, context: context, sink: sink, owner: entry.key.position) else {
            return nil
        }
        reader.rejectUnknownKeys(allowed: Self.attributeKeys)
        let column = reader.required("column", hint: "e.g. {column: age, type: numeric}").flatMap {
            columnReference($0, role: "column", context: context)
        }
        let encoding =
            reader["type"].flatMap {
                reading.choice(
                    $0, "'type' in \(context)", as: AttributeSpec.Encoding.self, options: AttributeSpec.Encoding.allCases)
            } ?? Located(.categorical, at: entry.key.position)
        let separator = reader["separator"].flatMap { reading.string($0, "'separator' in \(context)") }
        if let separator, encoding.value != .multi {
            sink.error(
                .invalidValue, "'separator' in \(context) applies only to 'type: multi'", at: separator.position,
                hints: ["write 'type: multi' for a field of several values, or remove 'separator'"])
            return nil
        }
        if let separator, separator.value.isEmpty {
            sink.error(
                .invalidValue, "'separator' in \(context) is empty", at: separator.position, hints: ["e.g. separator: \"|\""])
            return nil
        }
        guard let column else { return nil }
        return AttributeSpec(name: entry.key, column: column, encoding: encoding, separator: separator)
    }
}
