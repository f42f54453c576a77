/// What a column of a rating file holds.
public enum RatingColumnRole: String, Sendable, CaseIterable, Hashable {
    case user, item, rating, time
    /// A free label per row (for example a predefined fold) used by the `given` split.
    case group
}

/// A column chosen by its header name or by its 0-based position.
public enum ColumnSelector: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case name(String)
    case index(Int)

    public init(stringLiteral value: String) { self = .name(value) }
    public init(integerLiteral value: Int) { self = .index(value) }
}

/// Which columns hold which role. Time and group are optional.
public struct RatingColumns: Sendable, Hashable {
    public var user: ColumnSelector
    public var item: ColumnSelector
    public var rating: ColumnSelector
    /// Numbers in any monotone unit, or ISO 8601 dates (read as seconds since
    /// 1970-01-01 UTC; a time without a zone is taken as UTC).
    public var time: ColumnSelector?
    public var group: ColumnSelector?

    public init(
        user: ColumnSelector, item: ColumnSelector, rating: ColumnSelector, time: ColumnSelector? = nil,
        group: ColumnSelector? = nil
    ) {
        self.user = user
        self.item = item
        self.rating = rating
        self.time = time
        self.group = group
    }

    /// user, item, rating in the first three fields; no time.
    public static let positional = RatingColumns(user: 0, item: 1, rating: 2)

    /// The selected roles in a fixed order (user, item, rating, time, group).
    var selected: [(role: RatingColumnRole, selector: ColumnSelector)] {
        var result: [(RatingColumnRole, ColumnSelector)] = [(.user, user), (.item, item), (.rating, rating)]
        if let time { result.append((.time, time)) }
        if let group { result.append((.group, group)) }
        return result
    }
}

/// Whether the first line names the columns.
public enum HeaderMode: String, Sendable, Hashable {
    case present, absent
    /// Present when any column is chosen by name, or when the first line's
    /// rating field is not a number.
    case auto
}

/// What to do when the same (user, item) pair appears more than once.
public enum DuplicatePolicy: String, Sendable, Hashable, CaseIterable {
    /// Fail, naming both lines.
    case error
    /// Keep the last row of the pair (its value, time and group).
    case last
    /// Keep the last row of the pair with the mean of the pair's values.
    case mean
}

/// How to read a delimited rating file.
public struct RatingFileOptions: Sendable, Hashable {
    /// The field separator; `nil` sniffs it from the first lines among tab,
    /// comma, semicolon, pipe, space and `::`.
    public var delimiter: Delimiter?
    public var header: HeaderMode
    public var columns: RatingColumns
    /// The rating scale; ratings outside it are bad rows. `nil` infers it as
    /// the minimum and maximum rating in the file.
    public var scale: ClosedRange<Double>?
    public var duplicates: DuplicatePolicy
    /// Skip bad rows (reporting how many) instead of failing.
    public var skipBadRows: Bool

    public init(
        delimiter: Delimiter? = nil, header: HeaderMode = .auto, columns: RatingColumns = .positional,
        scale: ClosedRange<Double>? = nil, duplicates: DuplicatePolicy = .error, skipBadRows: Bool = false
    ) {
        self.delimiter = delimiter
        self.header = header
        self.columns = columns
        self.scale = scale
        self.duplicates = duplicates
        self.skipBadRows = skipBadRows
    }
}

/// Ratings read from a file, with the tables that turn dense indices back into
/// the file's identifiers.
public struct LoadedRatings: Sendable, Equatable {
    public var ratings: RatingSet
    /// `userIDs[u]` is the file's identifier of user index `u`.
    public var userIDs: [String]
    public var itemIDs: [String]
    /// Group index of each rating, when a group column was chosen.
    public var groups: [Int32]?
    /// `groupNames[g]` is the file's label of group index `g`, in order of first appearance.
    public var groupNames: [String]
    /// The given scale, or the inferred minimum and maximum.
    public var scale: ClosedRange<Double>
    public var scaleWasInferred: Bool
    /// The header's field names, when the file has a header.
    public var header: [String]?
    /// The delimiter used (given or sniffed).
    public var delimiter: Delimiter
    /// Bad rows skipped under `skipBadRows`, and the first of them.
    public var skippedRows: Int
    public var firstSkippedRow: RatingFileError?
    /// Rows dropped by the `last` or `mean` duplicate policy.
    public var mergedDuplicates: Int

    /// Ratings from elsewhere (synthetic data, tests) in the loader's shape.
    public init(
        ratings: RatingSet, userIDs: [String], itemIDs: [String], groups: [Int32]? = nil, groupNames: [String] = [],
        scale: ClosedRange<Double>, scaleWasInferred: Bool = false, header: [String]? = nil, delimiter: Delimiter = .comma,
        skippedRows: Int = 0, firstSkippedRow: RatingFileError? = nil, mergedDuplicates: Int = 0
    ) {
        self.ratings = ratings
        self.userIDs = userIDs
        self.itemIDs = itemIDs
        self.groups = groups
        self.groupNames = groupNames
        self.scale = scale
        self.scaleWasInferred = scaleWasInferred
        self.header = header
        self.delimiter = delimiter
        self.skippedRows = skippedRows
        self.firstSkippedRow = firstSkippedRow
        self.mergedDuplicates = mergedDuplicates
    }
}
