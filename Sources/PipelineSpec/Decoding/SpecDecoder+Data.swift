import PipelineBasics

extension SpecDecoder {
    static let fileSourceKeys = [
        "path", "partitions", "sample", "format", "delimiter", "header", "columns", "scale", "on_bad_rows", "duplicates",
    ]
    static let syntheticKeys = ["users", "items", "ratings", "factors", "noise", "skew", "scale", "seed"]

    func decodeData(_ node: ConfigNode) -> [DataSourceSpec] {
        namedEntries(node, context: "'data'").compactMap { entry in
            let context = "data source '\(entry.key.value)'"
            let example =
                "e.g. \(entry.key.value): {path: data/ratings.csv} or {synthetic: {users: 500, items: 300, ratings: 20000}}"
            guard
                let reader = MappingReader(entry.value, context: context, sink: sink, owner: entry.key.position, hints: [example])
            else { return nil }
            if let synthetic = reader["synthetic"] {
                reader.rejectUnknownKeys(allowed: ["synthetic"], extraHint: "a synthetic source takes only 'synthetic:'")
                return decodeSynthetic(synthetic, context: "'synthetic' in \(context)", owner: reader.keyPosition("synthetic"))
                    .map {
                        DataSourceSpec(name: entry.key, origin: .synthetic($0))
                    }
            }
            if reader["attributes"] != nil || reader["id"] != nil {
                return decodeAttributeSource(reader, name: entry.key, context: context)
            }
            reader.rejectUnknownKeys(allowed: Self.fileSourceKeys + ["synthetic"])
            // 'synthetc:' is reported as an unknown key; a missing 'path' would be a second error for it.
            if reader["path"] == nil, reader.misspelling(of: "synthetic") != nil { return nil }
            if let partitionsNode = reader["partitions"] {
                if reader["path"] != nil {
                    sink.error(
                        .conflictingKeys, "\(context) has both 'path' and 'partitions'", at: reader.keyPosition("partitions"),
                        hints: [
                            "keep 'partitions: [FILE, ...]' for files read in order, or one 'path' (a glob such as data/*.csv)"
                        ])
                    return nil
                }
                guard let partitions = reading.stringList(partitionsNode, "'partitions' in \(context)") else { return nil }
                guard let first = partitions.first else {
                    sink.error(
                        .invalidValue, "'partitions' in \(context) lists no file", at: partitionsNode.position,
                        hints: ["list the files in the order they arrived, e.g. partitions: [data/2024-01.csv, data/2024-02.csv]"]
                    )
                    return nil
                }
                var file = decodeFile(reader, path: first, context: context)
                file?.partitions = partitions
                return file.map { DataSourceSpec(name: entry.key, origin: .file($0)) }
            }
            guard
                let pathNode = reader.required(
                    "path", hint: "give 'path: FILE' or 'synthetic: {users: ..., items: ..., ratings: ...}'"),
                let path = reading.string(pathNode, "'path' in \(context)")
            else { return nil }
            return decodeFile(reader, path: path, context: context).map { DataSourceSpec(name: entry.key, origin: .file($0)) }
        }
    }

    private func decodeFile(_ reader: MappingReader, path: Located<String>, context: String) -> FileSourceSpec? {
        let format = decodeFormat(reader, context: context)
        let delimiter = decodeDelimiter(reader, context: context)
        let header = reader["header"].flatMap { reading.bool($0, "'header' in \(context)") } ?? Located(true, at: reader.position)
        let columns =
            reader["columns"].map { decodeColumns($0, context: "'columns' in \(context)", owner: reader.keyPosition("columns")) }
            ?? Located(
                ColumnRoles(
                    user: Located(.index(0), at: reader.position), item: Located(.index(1), at: reader.position),
                    rating: Located(.index(2), at: reader.position)), at: reader.position)
        let scale = reader["scale"].flatMap { reading.numberPair($0, "'scale' in \(context)") }
        let onBadRows =
            reader["on_bad_rows"].flatMap {
                reading.choice($0, "'on_bad_rows' in \(context)", as: BadRowPolicy.self, options: BadRowPolicy.allCases)
            } ?? Located(.error, at: reader.position)
        let duplicates =
            reader["duplicates"].flatMap {
                reading.choice($0, "'duplicates' in \(context)", as: DuplicatePolicy.self, options: DuplicatePolicy.allCases)
            } ?? Located(.error, at: reader.position)
        let sample = reader["sample"].flatMap {
            decodeLoadSample($0, context: "'sample' in \(context)", hasTime: columns?.value.time != nil)
        }
        guard let columns else { return nil }
        if reader["sample"] != nil && sample == nil { return nil }
        var file = FileSourceSpec(
            path: path, format: format, delimiter: delimiter, header: header, columns: columns, scale: scale,
            onBadRows: onBadRows, duplicates: duplicates)
        file.sample = sample
        return file
    }

    /// A column by header name, or by 0-based index.
    func columnReference(_ node: ConfigNode, role: String, context: String) -> Located<ColumnReference>? {
        if case .scalar(let scalar) = node, case .int(let index) = scalar.resolved {
            guard index >= 0 else {
                sink.error(.outOfBounds, "column index of '\(role)' must be 0 or more, found \(index)", at: scalar.position)
                return nil
            }
            return Located(.index(index), at: scalar.position)
        }
        return reading.string(node, "'\(role)' in \(context)")?.map(ColumnReference.name)
    }

    /// `format:`, `auto` when not written.
    func decodeFormat(_ reader: MappingReader, context: String) -> Located<FileFormat> {
        reader["format"].flatMap {
            reading.choice($0, "'format' in \(context)", as: FileFormat.self, options: FileFormat.allCases)
        } ?? Located(.auto, at: reader.position)
    }

    /// `delimiter:`, one character (`"\\t"` for a tab).
    func decodeDelimiter(_ reader: MappingReader, context: String) -> Located<String>? {
        reader["delimiter"].flatMap { node -> Located<String>? in
            guard let text = reading.string(node, "'delimiter' in \(context)") else { return nil }
            let value = text.value == "\\t" ? "\t" : text.value
            guard value.unicodeScalars.count == 1 else {
                sink.error(
                    .invalidValue, "'delimiter' in \(context) must be one character, found '\(text.value)'", at: text.position,
                    hints: ["write \"\\t\" for a tab"])
                return nil
            }
            return text.map { _ in value }
        }
    }

    /// `sample: {method: reservoir, size: 5000000}` under a file source.
    private func decodeLoadSample(_ node: ConfigNode, context: String, hasTime: Bool) -> Located<LoadSample>? {
        guard let reader = MappingReader(node, context: context, sink: sink) else { return nil }
        reader.rejectUnknownKeys(allowed: ["method", "fraction", "size", "by"])
        guard let methodNode = reader.required("method", hint: "e.g. sample: {method: reservoir, size: 1000000}"),
            let method = reading.choice(
                methodNode, "'method' in \(context)", as: LoadSampleMethod.self, options: LoadSampleMethod.allCases
            ).map({ $0.map(\.rawValue) })
        else { return nil }
        func fraction() -> Double? {
            guard let node = reader.required("fraction", hint: "e.g. fraction: 0.1") else { return nil }
            guard let value = reading.double(node, "'fraction' in \(context)") else { return nil }
            guard value.value > 0 && value.value <= 1 else {
                sink.error(
                    .outOfBounds, "'fraction' in \(context) must be in (0, 1], found \(reading.written(node, value.value))",
                    at: value.position)
                return nil
            }
            return value.value
        }
        func size() -> Int? {
            guard let node = reader.required("size", hint: "e.g. size: 1000000") else { return nil }
            guard let value = reading.int(node, "'size' in \(context)") else { return nil }
            guard value.value >= 1 else {
                sink.error(.outOfBounds, "'size' in \(context) must be at least 1, found \(value.value)", at: value.position)
                return nil
            }
            return value.value
        }
        let sample: LoadSample?
        switch method.value {
        case "uniform": sample = fraction().map { .uniform(fraction: $0) }
        case "reservoir": sample = size().map { .reservoir(size: $0) }
        case "recent":
            guard hasTime else {
                sink.error(
                    .missingColumn, "a 'recent' sample needs a time column", at: method.position,
                    hints: ["add 'time: COLUMN' under the source's 'columns'"])
                return nil
            }
            sample = size().map { .recent(size: $0) }
        default:
            let by = reader["by"].flatMap {
                reading.choice($0, "'by' in \(context)", as: LoadSampleStratum.self, options: LoadSampleStratum.allCases)
            }.map { $0.map(\.rawValue) }
            if reader["by"] != nil && by == nil { return nil }
            sample = fraction().map { .stratified(fraction: $0, byItem: by?.value == "item") }
        }
        for key in ["fraction", "size", "by"] where reader[key] != nil {
            let used: [String] =
                switch method.value {
                case "uniform": ["fraction"]
                case "reservoir", "recent": ["size"]
                default: ["fraction", "by"]
                }
            if !used.contains(key) {
                sink.error(
                    .unknownKey, "a '\(method.value)' sample takes no '\(key)'", at: reader.keyPosition(key),
                    hints: ["'\(method.value)' takes: " + used.joined(separator: ", ")])
                return nil
            }
        }
        return sample.map { Located($0, at: node.position) }
    }

    private func decodeColumns(_ node: ConfigNode, context: String, owner: SourcePosition) -> Located<ColumnRoles>? {
        guard let reader = MappingReader(node, context: context, sink: sink, owner: owner) else { return nil }
        reader.rejectUnknownKeys(allowed: ColumnRoles.roleNames)
        func column(_ role: String) -> Located<ColumnReference>? {
            reader[role].flatMap { columnReference($0, role: role, context: context) }
        }
        let hint =
            "columns name the user, item and rating columns (by header name or 0-based index), e.g. {user: 0, item: 1, rating: 2}"
        let user = reader.required("user", hint: hint).flatMap { _ in column("user") }
        let item = reader.required("item", hint: hint).flatMap { _ in column("item") }
        let rating = reader.required("rating", hint: hint).flatMap { _ in column("rating") }
        guard let user, let item, let rating else { return nil }
        return Located(
            ColumnRoles(user: user, item: item, rating: rating, time: column("time"), group: column("group")), at: reader.position
        )
    }

    private func decodeSynthetic(_ node: ConfigNode, context: String, owner: SourcePosition) -> SyntheticSourceSpec? {
        guard let reader = MappingReader(node, context: context, sink: sink, owner: owner) else { return nil }
        reader.rejectUnknownKeys(allowed: Self.syntheticKeys)
        func count(_ key: String, default value: Int? = nil, minimum: Int = 1) -> Located<Int>? {
            let hint = "a synthetic source needs users, items and ratings, e.g. {users: 500, items: 300, ratings: 20000}"
            guard let node = value == nil ? reader.required(key, hint: hint) : reader[key] else {
                return value.map { Located($0, at: reader.position) }
            }
            guard let number = reading.int(node, "'\(key)' in \(context)") else { return nil }
            guard number.value >= minimum else {
                sink.error(
                    .outOfBounds, "'\(key)' in \(context) must be at least \(minimum), found \(number.value)", at: number.position
                )
                return nil
            }
            return number
        }
        func real(_ key: String, default value: Double) -> Located<Double>? {
            guard let node = reader[key] else { return Located(value, at: reader.position) }
            guard let number = reading.double(node, "'\(key)' in \(context)") else { return nil }
            guard number.value >= 0 else {
                sink.error(
                    .outOfBounds, "'\(key)' in \(context) must be 0 or more, found \(reading.written(node, number.value))",
                    at: number.position)
                return nil
            }
            return number
        }
        let users = count("users"), items = count("items"), ratings = count("ratings")
        let factors = count("factors", default: 8), noise = real("noise", default: 0.5), skew = real("skew", default: 1)
        let scale =
            reader["scale"].map { reading.numberPair($0, "'scale' in \(context)") } ?? Located([1, 5], at: reader.position)
        let seed = reader["seed"].flatMap { seedValue($0, "'seed' in \(context)") }
        if reader["seed"] != nil && seed == nil { return nil }
        guard let users, let items, let ratings, let factors, let noise, let skew, let scale else { return nil }
        if ratings.value > users.value * items.value {
            sink.error(
                .outOfBounds,
                "\(context) asks for \(ratings.value) ratings but \(users.value) users × \(items.value) items allow at most \(users.value * items.value)",
                at: ratings.position, hints: ["lower 'ratings' or raise 'users' or 'items'"])
            return nil
        }
        return SyntheticSourceSpec(
            users: users, items: items, ratings: ratings, factors: factors, noise: noise, skew: skew,
            scale: scale, seed: seed)
    }
}

private enum LoadSampleMethod: String, CaseIterable {
    case uniform, reservoir, recent, stratified
}

private enum LoadSampleStratum: String, CaseIterable {
    case user, item
}
