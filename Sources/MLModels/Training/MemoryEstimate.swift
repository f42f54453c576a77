/// The size of a training set, known before it is loaded in full (from a
/// header, a sample or the sizes of its partitions).
public struct DataShape: Sendable, Hashable {
    public var ratings: Int
    /// Size of the user index space.
    public var users: Int
    /// Size of the item index space.
    public var items: Int

    public init(ratings: Int, users: Int, items: Int) {
        self.ratings = ratings
        self.users = users
        self.items = items
    }
}

extension DataShape {
    /// Users plus items, saturating.
    var usersAndItems: Int { users.saturatingAdd(items) }
}

extension Int {
    func saturatingAdd(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}

/// Bytes a fit will allocate, estimated before it starts, so that a runner
/// can refuse or queue a fit that would not fit in memory. Counts the large
/// arrays (per rating, per user, per item, per pair); constant-size scratch is
/// left out. Saturates at `Int.max` instead of overflowing.
public struct MemoryEstimate: Sendable, Hashable {
    /// Kept by the fitted model after the fit.
    public var model: Int
    /// Held only while fitting (indices, reordered copies, accumulators).
    public var working: Int

    public init(model: Int, working: Int) {
        self.model = model
        self.working = working
    }

    /// The peak: both at once.
    public var total: Int { model.addingReportingOverflow(working).overflow ? .max : model + working }
}

/// A model kind that can estimate its fit's memory from the data's shape and its parameters.
public protocol MemoryEstimating {
    func estimatedMemory(for shape: DataShape) -> MemoryEstimate
}

/// Saturating byte arithmetic for estimates: huge shapes give `Int.max`, never a trap.
struct Bytes {
    private(set) var value = 0

    /// Adds `count` elements of `size` bytes.
    mutating func add(_ count: Int, of size: Int) {
        let (product, overflow) = max(0, count).multipliedReportingOverflow(by: size)
        let (sum, sumOverflow) = value.addingReportingOverflow(product)
        value = overflow || sumOverflow ? .max : sum
    }

    /// Adds `rows` × `columns` elements of `size` bytes.
    mutating func add(_ rows: Int, by columns: Int, of size: Int) {
        let (cells, overflow) = max(0, rows).multipliedReportingOverflow(by: max(0, columns))
        if overflow { value = .max } else { add(cells, of: size) }
    }
}

/// The two-sided rating index every fit but mf builds: kept by knn and slope-one.
func ratingIndexBytes(_ shape: DataShape) -> Int {
    var bytes = Bytes()
    bytes.add(shape.ratings, of: 2 * (4 + 8))  // members and values, by user and by item
    bytes.add(shape.usersAndItems.saturatingAdd(2), of: 8)  // offsets
    return bytes.value
}

/// What building the index allocates and frees: row orders of the counting sorts.
func ratingIndexWorkingBytes(_ shape: DataShape) -> Int {
    var bytes = Bytes()
    bytes.add(shape.ratings, of: 4 * 8)
    return bytes.value
}
