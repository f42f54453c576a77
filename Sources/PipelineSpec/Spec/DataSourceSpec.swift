/// One named entry of `data:`: a delimited file or generated ratings.
public struct DataSourceSpec: Hashable, Sendable {
    public var name: Located<String>
    public var origin: DataOrigin

    public init(name: Located<String>, origin: DataOrigin) {
        self.name = name
        self.origin = origin
    }

    /// Whether the source has a time column (temporal splits and `recent` sampling need one).
    public var hasTime: Bool {
        switch origin {
        case .file(let file): file.columns.value.time != nil
        case .synthetic: true
        case .attributes: false
        }
    }

    /// Whether the ratings carry a group column (for the `given` split).
    public var hasGroup: Bool {
        if case .file(let file) = origin { return file.columns.value.group != nil }
        return false
    }
}

public enum DataOrigin: Hashable, Sendable {
    case file(FileSourceSpec)
    case synthetic(SyntheticSourceSpec)
    /// Attributes of users or items (a source named `users` or `items`), read by models with side features.
    case attributes(AttributeSourceSpec)

    /// The file source, when the data comes from files.
    public var file: FileSourceSpec? {
        if case .file(let file) = self { return file }
        return nil
    }

    /// The attribute table, when the source is one.
    public var attributes: AttributeSourceSpec? {
        if case .attributes(let attributes) = self { return attributes }
        return nil
    }
}

public enum FileFormat: String, Hashable, Sendable, CaseIterable {
    case csv, tsv, auto
}

public enum BadRowPolicy: String, Hashable, Sendable, CaseIterable {
    case error, skip
}

public enum DuplicatePolicy: String, Hashable, Sendable, CaseIterable {
    case error, last, mean
}

/// A column chosen by header name or by 0-based index.
public enum ColumnReference: Hashable, Sendable, CustomStringConvertible {
    case name(String)
    case index(Int)

    public var description: String {
        switch self {
        case .name(let name): name
        case .index(let index): String(index)
        }
    }
}

/// Which column plays which role.
public struct ColumnRoles: Hashable, Sendable {
    public var user: Located<ColumnReference>
    public var item: Located<ColumnReference>
    public var rating: Located<ColumnReference>
    public var time: Located<ColumnReference>?
    /// Fold labels for `split: {method: given}`.
    public var group: Located<ColumnReference>?

    public init(
        user: Located<ColumnReference>, item: Located<ColumnReference>, rating: Located<ColumnReference>,
        time: Located<ColumnReference>? = nil, group: Located<ColumnReference>? = nil
    ) {
        self.user = user
        self.item = item
        self.rating = rating
        self.time = time
        self.group = group
    }

    public static let roleNames = ["user", "item", "rating", "time", "group"]
}

public struct FileSourceSpec: Hashable, Sendable {
    /// Relative to the pipeline file's folder; may be a glob (`data/ratings/*.csv`)
    /// whose files, in name order, are the partitions. With `partitions:` it is the first.
    public var path: Located<String>
    /// Files read in this order as one source, each a partition with its own
    /// content hash (`partitions:`, or the files a glob `path` matched); empty
    /// for a single file.
    public var partitions: [Located<String>] = []
    /// A sample drawn while the file is read (`sample:` under the source): only
    /// the sample is ever held, so the file may be larger than memory.
    public var sample: Located<LoadSample>?
    public var format: Located<FileFormat>
    /// One character; sniffed from the file when absent.
    public var delimiter: Located<String>?
    public var header: Located<Bool>
    /// Located where `columns:` was written (or at the source), for data errors.
    public var columns: Located<ColumnRoles>
    /// `[low, high]`; inferred from the data when absent.
    public var scale: Located<[Double]>?
    public var onBadRows: Located<BadRowPolicy>
    public var duplicates: Located<DuplicatePolicy>

    public init(
        path: Located<String>, format: Located<FileFormat>, delimiter: Located<String>? = nil, header: Located<Bool>,
        columns: Located<ColumnRoles>, scale: Located<[Double]>? = nil, onBadRows: Located<BadRowPolicy>,
        duplicates: Located<DuplicatePolicy>
    ) {
        self.path = path
        self.format = format
        self.delimiter = delimiter
        self.header = header
        self.columns = columns
        self.scale = scale
        self.onBadRows = onBadRows
        self.duplicates = duplicates
    }

    /// Whether `path` is a pattern (`*`, `?` or `[`) rather than a file.
    public var pathIsGlob: Bool { path.value.contains(where: { "*?[".contains($0) }) }

    /// The files read: the partitions, or the one file.
    public var files: [Located<String>] { partitions.isEmpty ? [path] : partitions }
}

/// `synthetic:`: ratings generated from a seeded latent-factor model.
public struct SyntheticSourceSpec: Hashable, Sendable {
    public var users: Located<Int>
    public var items: Located<Int>
    public var ratings: Located<Int>
    public var factors: Located<Int>
    public var noise: Located<Double>
    /// Zipf exponent of item popularity; 0 is uniform.
    public var skew: Located<Double>
    public var scale: Located<[Double]>
    /// Defaults to the pipeline seed.
    public var seed: Located<Int>?

    public init(
        users: Located<Int>, items: Located<Int>, ratings: Located<Int>, factors: Located<Int>, noise: Located<Double>,
        skew: Located<Double>, scale: Located<[Double]>, seed: Located<Int>? = nil
    ) {
        self.users = users
        self.items = items
        self.ratings = ratings
        self.factors = factors
        self.noise = noise
        self.skew = skew
        self.scale = scale
        self.seed = seed
    }
}

/// A sample a data source keeps as it reads its file, in one pass.
public enum LoadSample: Hashable, Sendable {
    /// Each row with probability `fraction`.
    case uniform(fraction: Double)
    /// Exactly `size` rows, uniformly (a reservoir).
    case reservoir(size: Int)
    /// The `size` latest rows by time.
    case recent(size: Int)
    /// About `fraction` of each user's (or item's) rows, at least one each.
    case stratified(fraction: Double, byItem: Bool)

    public static let methods = ["uniform", "reservoir", "recent", "stratified"]

    public var method: String {
        switch self {
        case .uniform: "uniform"
        case .reservoir: "reservoir"
        case .recent: "recent"
        case .stratified: "stratified"
        }
    }
}

/// A file of users' or items' attributes: an id column matching the ratings'
/// user (or item) ids, and attribute columns.
public struct AttributeSourceSpec: Hashable, Sendable {
    /// The two entities a table can describe, by the source's name.
    public enum Entity: String, Hashable, Sendable, CaseIterable {
        case users, items
    }

    public var entity: Entity
    public var path: Located<String>
    public var format: Located<FileFormat>
    public var delimiter: Located<String>?
    public var header: Located<Bool>
    public var id: Located<ColumnReference>
    /// In the order written; names are unique.
    public var attributes: [AttributeSpec]

    public init(
        entity: Entity, path: Located<String>, format: Located<FileFormat>, delimiter: Located<String>? = nil,
        header: Located<Bool>, id: Located<ColumnReference>, attributes: [AttributeSpec]
    ) {
        self.entity = entity
        self.path = path
        self.format = format
        self.delimiter = delimiter
        self.header = header
        self.id = id
        self.attributes = attributes
    }

    public func attribute(named name: String) -> AttributeSpec? { attributes.first { $0.name.value == name } }
}

/// One attribute column: `age: {column: "age:token", type: numeric}`, or `gender: "gender:token"` (categorical).
public struct AttributeSpec: Hashable, Sendable {
    public enum Encoding: String, Hashable, Sendable, CaseIterable {
        case categorical, numeric, multi
    }

    public var name: Located<String>
    public var column: Located<ColumnReference>
    public var encoding: Located<Encoding>
    /// Between the values of a `multi` attribute; a space unless written.
    public var separator: Located<String>?

    public init(
        name: Located<String>, column: Located<ColumnReference>, encoding: Located<Encoding>, separator: Located<String>? = nil
    ) {
        self.name = name
        self.column = column
        self.encoding = encoding
        self.separator = separator
    }
}
