/// How many rows and identifiers a load may number: 32-bit indices, unless a test asks for less.
struct IndexLimits: Sendable {
    var identifiers: Int
    var rows: Int

    static let thirtyTwoBit = IndexLimits(identifiers: Int(Int32.max) + 1, rows: Int(Int32.max))
}

/// Turns scanned records into rating rows, interning identifiers and
/// checking every value; counts bad rows and keeps the first one's details.
struct RatingRowReader {
    let path: String
    let columns: ResolvedColumns
    let expectedFields: Int
    let scale: ClosedRange<Double>?
    let trimSpaces: Bool

    var userTable: IdentifierTable
    var itemTable: IdentifierTable
    var groupTable: IdentifierTable
    var users: [Int32] = []
    var items: [Int32] = []
    var values: [Double] = []
    var times: [Double] = []
    var groups: [Int32] = []
    var badRows = 0
    /// Lines of the bad rows, kept when they are skipped so that row numbers
    /// can be mapped back to lines (see `RatingFile.lines(ofRows:)`).
    var skippedLines: [Int] = []
    let keepsSkippedLines: Bool
    var firstBadRow: RatingFileError?
    /// In a streaming load: which rows are kept, and the line of each kept row
    /// (the file is gone by the time a duplicate is named).
    var sampler: RowSampler?
    var rowLines: [Int] = []
    /// Why reading cannot go on (more ratings or identifiers than 32-bit indices hold).
    var fatal: RatingFileError?
    /// Most rows kept: row numbers are 32-bit where rows are sorted and grouped.
    var rowLimit: Int

    init(
        path: String, columns: ResolvedColumns, expectedFields: Int, scale: ClosedRange<Double>?, trimSpaces: Bool,
        keepsSkippedLines: Bool, limits: IndexLimits = .thirtyTwoBit
    ) {
        userTable = IdentifierTable(expectedCount: 4096, limit: limits.identifiers)
        itemTable = IdentifierTable(expectedCount: 4096, limit: limits.identifiers)
        groupTable = IdentifierTable(expectedCount: 16, limit: limits.identifiers)
        rowLimit = limits.rows
        self.keepsSkippedLines = keepsSkippedLines
        self.path = path
        self.columns = columns
        self.expectedFields = expectedFields
        self.scale = scale
        self.trimSpaces = trimSpaces
    }

    mutating func read(_ scanner: DelimitedRecordScanner) {
        if values.isEmpty, badRows == 0 { reserveFor(scanner) }
        if let problem = scanner.quoteProblem {
            reject(
                scanner, field: problem.field, offset: problem.offset, role: columns.role(at: problem.field),
                message: problem.message)
            return
        }
        guard scanner.fieldCount == expectedFields else {
            rejectFieldCount(scanner)
            return
        }
        guard let value = number(scanner, columns.rating, role: .rating) else { return }
        if let scale, !scale.contains(value) {
            reject(
                scanner, field: columns.rating, role: .rating,
                message:
                    "\(text(scanner, columns.rating)) is outside the rating scale [\(formatNumber(scale.lowerBound)), \(formatNumber(scale.upperBound))]"
            )
            return
        }
        var time = 0.0
        if let timeColumn = columns.time {
            guard let parsed = timeValue(scanner, timeColumn) else { return }
            time = parsed
        }
        // Check every identifier before interning any, so a bad row adds no id.
        guard nonEmpty(scanner, columns.user, role: .user), nonEmpty(scanner, columns.item, role: .item),
            columns.group.map({ nonEmpty(scanner, $0, role: .group) }) ?? true
        else { return }
        let userField = scanner.field(columns.user, trimSpaces: trimSpaces)
        let user = userTable.index(of: userField.base, from: userField.start, to: userField.end)
        let itemField = scanner.field(columns.item, trimSpaces: trimSpaces)
        let item = itemTable.index(of: itemField.base, from: itemField.start, to: itemField.end)
        var group: Int32 = 0
        if let groupColumn = columns.group {
            let field = scanner.field(groupColumn, trimSpaces: trimSpaces)
            group = groupTable.index(of: field.base, from: field.start, to: field.end)
        }
        guard user >= 0, item >= 0, group >= 0 else {
            let role = user < 0 ? "users" : item < 0 ? "items" : "groups"
            let limit = user < 0 ? userTable.limit : item < 0 ? itemTable.limit : groupTable.limit
            tooLarge(scanner, "more than \(limit) distinct \(role): identifiers are numbered in 32 bits")
            return
        }
        let slot = sampler?.slot(time: time, user: user, item: item, kept: values.count) ?? .append
        if slot == .append, values.count >= rowLimit {
            tooLarge(scanner, "more than \(rowLimit) ratings: rows are numbered in 32 bits")
            return
        }
        switch slot {
        case .skip:
            return
        case .append:
            users.append(user)
            items.append(item)
            if columns.group != nil { groups.append(group) }
            values.append(value)
            if columns.time != nil { times.append(time) }
            if sampler != nil { rowLines.append(scanner.recordLine) }
        case .replace(let row):
            users[row] = user
            items[row] = item
            if columns.group != nil { groups[row] = group }
            values[row] = value
            if columns.time != nil { times[row] = time }
            rowLines[row] = scanner.recordLine
        }
    }

    private mutating func tooLarge(_ scanner: DelimitedRecordScanner, _ message: String) {
        guard fatal == nil else { return }
        fatal = RatingFileError(
            code: .tooLarge,
            message: message + "; keep a sample while reading, e.g. sample: {method: reservoir, size: 100000000}",
            path: path, line: scanner.recordLine)
    }

    /// Whether field `index` holds an identifier: text that is not empty, is
    /// UTF-8 and has no control characters. Records a bad row, placed at the
    /// offending byte, when it does not.
    private mutating func nonEmpty(_ scanner: DelimitedRecordScanner, _ index: Int, role: RatingColumnRole) -> Bool {
        let field = scanner.field(index, trimSpaces: trimSpaces)
        guard field.start < field.end else {
            reject(scanner, field: index, role: role, message: "the \(role) identifier is empty")
            return false
        }
        guard let problem = IdentifierText.problem(field.base, from: field.start, to: field.end) else { return true }
        reject(scanner, field: index, offset: problem.offset, role: role, message: "the \(role) identifier \(problem.message)")
        return false
    }

    /// A finite number from field `index`, or `nil` after recording a bad row.
    private mutating func number(_ scanner: DelimitedRecordScanner, _ index: Int, role: RatingColumnRole) -> Double? {
        let field = scanner.field(index, trimSpaces: trimSpaces)
        guard let value = DecimalParser.parse(field.base, from: field.start, to: field.end) else {
            reject(scanner, field: index, role: role, message: "\"\(text(scanner, index))\" is not a number")
            return nil
        }
        guard value.isFinite else {
            reject(scanner, field: index, role: role, message: "\"\(text(scanner, index))\" is not a finite number")
            return nil
        }
        return value
    }

    /// A time as a finite number, or an ISO 8601 date in seconds since 1970;
    /// `nil` after recording a bad row.
    private mutating func timeValue(_ scanner: DelimitedRecordScanner, _ index: Int) -> Double? {
        let field = scanner.field(index, trimSpaces: trimSpaces)
        if let value = DecimalParser.parse(field.base, from: field.start, to: field.end)
            ?? ISODateParser.parse(field.base, from: field.start, to: field.end)
        {
            if value.isFinite { return value }
            reject(scanner, field: index, role: .time, message: "\"\(text(scanner, index))\" is not a finite number")
            return nil
        }
        reject(
            scanner, field: index, role: .time, message: "\"\(text(scanner, index))\" is neither a number nor an ISO 8601 date")
        return nil
    }

    private mutating func rejectFieldCount(_ scanner: DelimitedRecordScanner) {
        let found = scanner.fieldCount
        let message = "expected \(expectedFields) fields, found \(found)"
        if found > expectedFields {
            reject(scanner, field: expectedFields, offset: scanner.fieldOffset(expectedFields), role: nil, message: message)
        } else {
            let missingRole = RatingColumnRole.allCases
                .compactMap { role in columns.index(of: role).map { (role, $0) } }
                .filter { $0.1 >= found }
                .min { $0.1 < $1.1 }?.0
            reject(scanner, field: found, offset: scanner.recordEnd, role: missingRole, message: message)
        }
    }

    private mutating func reject(
        _ scanner: DelimitedRecordScanner, field: Int, offset: Int? = nil, role: RatingColumnRole?, message: String
    ) {
        badRows += 1
        if keepsSkippedLines { skippedLines.append(scanner.recordLine) }
        guard firstBadRow == nil else { return }
        let (line, column) = scanner.location(ofOffset: offset ?? scanner.fieldOffset(field))
        let roleText = role.map { " (\($0))" } ?? ""
        firstBadRow = RatingFileError(
            code: .badRow, message: "field \(field + 1)\(roleText): \(message)", path: path,
            line: line, column: column, field: field + 1, role: role)
    }

    /// A field's text for messages, shortened when long.
    private func text(_ scanner: DelimitedRecordScanner, _ index: Int) -> String {
        let full = scanner.fieldText(index, trimSpaces: trimSpaces)
        return full.count > 40 ? String(full.prefix(40)) + "…" : full
    }

    /// Reserves room from the file size and the first row's length, so the
    /// arrays rarely grow (and never to twice what they need).
    private mutating func reserveFor(_ scanner: DelimitedRecordScanner) {
        let rowBytes = max(scanner.position - scanner.recordStart, 4)
        var estimate = min((scanner.end - scanner.recordStart) / rowBytes + 16, 1 << 31)
        if sampler != nil { estimate = sampler?.capacity ?? 1024 }
        users.reserveCapacity(estimate)
        items.reserveCapacity(estimate)
        values.reserveCapacity(estimate)
        if columns.time != nil { times.reserveCapacity(estimate) }
        if columns.group != nil { groups.reserveCapacity(estimate) }
    }

    /// Puts the kept rows of a streaming load back in file order (a reservoir
    /// keeps them in slot order), so that "first" and "last" mean what they do in the file.
    mutating func sortKeptRowsByLine() {
        guard !rowLines.isEmpty else { return }
        let order = rowLines.indices.sorted { rowLines[$0] < rowLines[$1] }
        users = order.map { users[$0] }
        items = order.map { items[$0] }
        values = order.map { values[$0] }
        if !times.isEmpty { times = order.map { times[$0] } }
        if !groups.isEmpty { groups = order.map { groups[$0] } }
        rowLines = order.map { rowLines[$0] }
    }

    /// The first bad row, counting the others in its message: thrown unless bad rows are
    /// skipped, when it is returned for the result to report. Then the check that rows remain.
    func badRowSummary(skipBadRows: Bool, whenEmpty: String) throws(RatingFileError) -> RatingFileError? {
        var skipped: RatingFileError?
        if var bad = firstBadRow {
            bad.furtherOccurrences = badRows - 1
            if bad.furtherOccurrences > 0 {
                bad.message += "; \(bad.furtherOccurrences) more bad \(bad.furtherOccurrences == 1 ? "row" : "rows")"
            }
            if !skipBadRows { throw bad }
            skipped = bad
        }
        if values.isEmpty {
            let message = badRows > 0 ? "no usable rating rows: all \(badRows) rows are bad" : whenEmpty
            throw RatingFileError(code: .noRatings, message: message, path: path)
        }
        return skipped
    }

    /// The rows read, as a load's result, once duplicates are resolved.
    func loaded(
        userIDs: [String], itemIDs: [String], options: RatingFileOptions, header: [String]?, delimiter: Delimiter,
        firstSkippedRow: RatingFileError?, mergedDuplicates: Int
    ) -> LoadedRatings {
        let ratings = RatingSet(
            users: users, items: items, values: values, times: columns.time == nil ? nil : times,
            userCount: userIDs.count, itemCount: itemIDs.count)
        return LoadedRatings(
            ratings: ratings, userIDs: userIDs, itemIDs: itemIDs, groups: columns.group == nil ? nil : groups,
            groupNames: groupTable.names(), scale: options.scale ?? RatingFile.inferredScale(values),
            scaleWasInferred: options.scale == nil, header: header, delimiter: delimiter, skippedRows: badRows,
            firstSkippedRow: firstSkippedRow, mergedDuplicates: mergedDuplicates)
    }
}
