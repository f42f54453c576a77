/// The raw identifiers of a model's dense user and item indices: `users[u]`
/// is the data set's id of user index `u`. They let a saved model answer for
/// data loaded later with other dense indices, and let updates bring new ids.
public struct ModelIdentifiers: Sendable, Equatable {
    public var users: [String]
    public var items: [String]

    public init(users: [String], items: [String]) {
        self.users = users
        self.items = items
    }

    /// Identifiers `0, 1, 2...` as text, for data without raw ids (tests, synthetic sets).
    public init(userCount: Int, itemCount: Int) {
        self.init(users: (0..<userCount).map { String($0) }, items: (0..<itemCount).map { String($0) })
    }

    /// For each id of another table, the model's user index, or -1 for a user the model never saw.
    public func userIndices(of ids: [String]) -> [Int32] { Self.indices(of: ids, in: users) }

    /// For each id of another table, the model's item index, or -1 for an item the model never saw.
    public func itemIndices(of ids: [String]) -> [Int32] { Self.indices(of: ids, in: items) }

    static func indices(of ids: [String], in table: [String]) -> [Int32] {
        var position: [String: Int32] = [:]
        position.reserveCapacity(table.count)
        for (index, id) in table.enumerated() { position[id] = Int32(index) }
        return ids.map { position[$0] ?? -1 }
    }

    /// Translates dense indices of a data set whose ids are `userIDs`/`itemIDs`
    /// into this model's indices (-1, an unknown index, for ids it never saw).
    public func translate(
        users: [Int32], items: [Int32], userIDs: [String], itemIDs: [String]
    ) -> PredictionPairs {
        let userMap = userIndices(of: userIDs), itemMap = itemIndices(of: itemIDs)
        let mapped = { (index: Int32, map: [Int32]) -> Int32 in
            index >= 0 && Int(index) < map.count ? map[Int(index)] : -1
        }
        return PredictionPairs(users: users.map { mapped($0, userMap) }, items: items.map { mapped($0, itemMap) })
    }
}
