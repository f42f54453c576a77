extension CandidateRankings {
    /// The rankings of every user with a test row in `truth`: `score` fills,
    /// for a batch of users, a row-major `users × itemCount` score matrix (a
    /// model's all-item scoring); `excluded(user)` gives the items the user
    /// rated in training, ascending, which are not candidates.
    public init(
        truth: RatingSet, itemCount: Int, listLength: Int, order: CandidateOrder,
        excluded: (Int32) -> ArraySlice<Int32>, batchSize: Int = 32,
        score: (_ users: [Int32], _ into: inout [Double]) throws -> Void
    ) rethrows {
        self.init(testRowCount: truth.count)
        let (starts, rows) = truth.buckets(of: Array(0..<truth.count), byItem: false)
        let testUsers = (0..<truth.userCount).filter { starts[$0] < starts[$0 + 1] }.map { Int32($0) }
        var scores: [Double] = []
        var first = 0
        while first < testUsers.count {
            let batch = Array(testUsers[first..<min(first + batchSize, testUsers.count)])
            try score(batch, &scores)
            precondition(scores.count == batch.count * itemCount, "one score per user and item")
            scores.withUnsafeBufferPointer { all in
                for (position, user) in batch.enumerated() {
                    let row = UnsafeBufferPointer(rebasing: all[(position * itemCount)..<((position + 1) * itemCount)])
                    let skip = excluded(user)
                    append(user: user, top: order.top(listLength, scores: row, excluding: skip))
                    for testRow in rows[starts[Int(user)]..<starts[Int(user) + 1]] {
                        let item = truth.items[testRow]
                        let isCandidate = Int(item) < itemCount && skip.firstIndex(of: item) == nil
                        testRanks[testRow] = isCandidate ? Int32(order.rank(of: item, scores: row, excluding: skip)) : 0
                    }
                }
            }
            first += batch.count
        }
    }
}
