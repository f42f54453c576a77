import MLCore

/// The items each user rated, for leaving them out of recommendations:
/// user `u`'s items are `items[offsets[u]..<offsets[u + 1]]`, ascending.
public struct RatedItems: Sendable, Equatable {
    public let offsets: [Int]
    public let items: [Int32]

    public init(offsets: [Int], items: [Int32]) throws(ModelArtifactError) {
        guard let first = offsets.first, first == 0, offsets.last == items.count,
            zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 })
        else { throw ModelArtifactError(.malformed, "the rated items' offsets do not describe their list") }
        self.offsets = offsets
        self.items = items
    }

    /// The items of every user of `ratings`.
    public init(_ ratings: RatingSet) {
        var counts = [Int](repeating: 0, count: ratings.userCount + 1)
        for user in ratings.users { counts[Int(user) + 1] += 1 }
        for user in 0..<ratings.userCount { counts[user + 1] += counts[user] }
        var next = counts
        var items = [Int32](repeating: 0, count: ratings.count)
        for (user, item) in zip(ratings.users, ratings.items) {
            items[next[Int(user)]] = item
            next[Int(user)] += 1
        }
        for user in 0..<ratings.userCount { items[counts[user]..<counts[user + 1]].sort() }
        self.offsets = counts
        self.items = items
    }

    public var userCount: Int { offsets.count - 1 }

    /// The items user `user` rated; none for an index outside the table.
    public func of(_ user: Int32) -> ArraySlice<Int32> {
        guard user >= 0, Int(user) < userCount else { return [] }
        return items[offsets[Int(user)]..<offsets[Int(user) + 1]]
    }
}
