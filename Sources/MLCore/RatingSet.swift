/// Explicit ratings in coordinate form: one entry per (user, item) pair, held
/// in parallel arrays with dense, 0-based user and item indices.
///
/// Index spaces are shared by every part cut from one data set (folds,
/// samples), so a user index means the same person in training and test.
public struct RatingSet: Sendable, Equatable {
    public var users: [Int32]
    public var items: [Int32]
    public var values: [Double]
    /// Time of each rating (seconds or any monotone unit), when the source has one.
    public var times: [Double]?
    /// Size of the user index space (not the number of distinct users present).
    public var userCount: Int
    /// Size of the item index space.
    public var itemCount: Int

    public init(users: [Int32], items: [Int32], values: [Double], times: [Double]? = nil, userCount: Int, itemCount: Int) {
        precondition(users.count == items.count && items.count == values.count, "parallel arrays must have equal length")
        precondition(times == nil || times?.count == values.count, "times must match values")
        self.users = users
        self.items = items
        self.values = values
        self.times = times
        self.userCount = userCount
        self.itemCount = itemCount
    }

    public var count: Int { values.count }

    /// The rows at `indices`, in that order, in the same index spaces.
    public func subset(_ indices: [Int]) -> RatingSet {
        RatingSet(
            users: indices.map { users[$0] },
            items: indices.map { items[$0] },
            values: indices.map { values[$0] },
            times: times.map { t in indices.map { t[$0] } },
            userCount: userCount,
            itemCount: itemCount
        )
    }
}
