/// What ranking metrics need under the all-items protocol
/// (`evaluate: {candidates: all}`), for one fold: each test user's top-K
/// items among every item the user did not rate in training, and the rank of
/// each test row's item among those candidates (for `mrr` without a cut-off).
/// Flat storage: user group `g` is `users[g]` with items
/// `items[offsets[g]..<offsets[g + 1]]`, best first.
public struct CandidateRankings: Sendable, Equatable {
    public private(set) var users: [Int32] = []
    public private(set) var offsets: [Int] = [0]
    public private(set) var items: [Int32] = []
    /// Per test row: its item's 1-based rank among the user's candidates; 0
    /// when the item is not a candidate (the user also rated it in training).
    public var testRanks: [Int32]

    public init(testRowCount: Int) {
        testRanks = [Int32](repeating: 0, count: testRowCount)
    }

    public init(users: [Int32], offsets: [Int], items: [Int32], testRanks: [Int32]) throws(MLCoreError) {
        guard offsets.first == 0, offsets.last == items.count, offsets.count == users.count + 1,
            zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 })
        else { throw MLCoreError.invalid("offsets", "the ranking offsets do not describe their lists") }
        self.users = users
        self.offsets = offsets
        self.items = items
        self.testRanks = testRanks
    }

    /// Adds user `user`'s list, best first.
    public mutating func append(user: Int32, top: [Int32]) {
        users.append(user)
        items.append(contentsOf: top)
        offsets.append(items.count)
    }

    public var userCount: Int { users.count }

    public func top(ofGroup group: Int) -> ArraySlice<Int32> { items[offsets[group]..<offsets[group + 1]] }
}
