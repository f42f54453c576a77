import EditDistance

/// Where each role's values are: 0-based field positions in every row.
struct ResolvedColumns {
    var user: Int
    var item: Int
    var rating: Int
    var time: Int?
    var group: Int?

    func index(of role: RatingColumnRole) -> Int? {
        switch role {
        case .user: user
        case .item: item
        case .rating: rating
        case .time: time
        case .group: group
        }
    }

    /// The role read from field `index`, if any.
    func role(at index: Int) -> RatingColumnRole? {
        RatingColumnRole.allCases.first { self.index(of: $0) == index }
    }
}

extension RatingFile {
    /// Turns selectors into field positions, checking them against the header
    /// (or, without one, against the first row's field count).
    static func resolveColumns(_ columns: RatingColumns, header: [String]?, fieldCount: Int, path: String) throws(RatingFileError)
        -> ResolvedColumns
    {
        var positions: [RatingColumnRole: Int] = [:]
        for (role, selector) in columns.selected {
            let position: Int
            switch selector {
            case .index(let index):
                guard index >= 0, index < fieldCount else {
                    let source = header == nil ? "the first row" : "the header"
                    throw RatingFileError(
                        code: .columnOutOfRange,
                        message:
                            "the \(role) column index \(index) is out of range: \(source) has \(fieldCount) fields (indices 0 to \(fieldCount - 1))",
                        path: path, line: 1, role: role)
                }
                position = index
            case .name(let name):
                guard let header else {
                    throw RatingFileError(
                        code: .invalidOptions,
                        message: "the \(role) column is chosen by name (\"\(name)\") but the file is read without a header",
                        path: path, role: role)
                }
                position = try findColumn(named: name, role: role, in: header, path: path)
            }
            if let other = positions.first(where: { $0.value == position })?.key {
                // `selected` is in role order, so `other` comes first.
                throw RatingFileError(
                    code: .invalidOptions, message: "the \(other) and \(role) columns are both field \(position + 1)",
                    path: path, field: position + 1, role: role)
            }
            positions[role] = position
        }
        // The three required roles are always in `selected`.
        return ResolvedColumns(
            user: positions[.user] ?? 0, item: positions[.item] ?? 1, rating: positions[.rating] ?? 2,
            time: positions[.time], group: positions[.group])
    }

    /// An exact header match, else a unique match on the part before a `:`
    /// (RecBole headers such as `user_id:token`).
    static func findColumn(named name: String, role: RatingColumnRole, in header: [String], path: String) throws(RatingFileError)
        -> Int
    {
        if let exact = header.firstIndex(of: name) { return exact }
        let byBaseName = header.indices.filter { baseName(header[$0]) == name }
        if byBaseName.count == 1 { return byBaseName[0] }
        let candidates = closeNames(to: name, in: header)
        var message = "the \(role) column \"\(name)\" is not in the header"
        if candidates.isEmpty {
            message += " (columns: \(header.joined(separator: ", ")))"
        } else {
            message += "; did you mean " + candidates.map { "\"\($0)\"" }.joined(separator: " or ") + "?"
        }
        throw RatingFileError(code: .columnNotFound, message: message, path: path, line: 1, role: role, candidates: candidates)
    }

    private static func baseName(_ headerName: String) -> Substring {
        headerName.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? Substring(headerName)
    }

    /// Header names within a small edit distance of `name` (also comparing
    /// without case and without a `:type` suffix), closest first, at most three.
    static func closeNames(to name: String, in header: [String]) -> [String] {
        let wanted = Array(name.lowercased())
        // A swapped pair of letters is one edit, so a third of the name (at least one) is room enough.
        let limit = max(1, wanted.count / 3)
        var scored: [(distance: Int, position: Int, name: String)] = []
        for (position, headerName) in header.enumerated() {
            let full = editDistance(wanted, Array(headerName.lowercased()))
            let base = editDistance(wanted, Array(baseName(headerName).lowercased()))
            let distance = min(full, base)
            if distance <= limit { scored.append((distance, position, headerName)) }
        }
        scored.sort { ($0.distance, $0.position) < ($1.distance, $1.position) }
        return scored.prefix(3).map(\.name)
    }

    /// The shared edit distance (a transposition is one edit), under the name
    /// the group and metric parsers call it by.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        EditDistance.editDistance(a, b)
    }
}
