import Testing
@testable import MLCore

/// Ranking metrics over all items a user did not rate in training, hand-computed.
@Suite struct CandidateRankingTests {
    // Six items. User 0 rated item 0 in training; test: item 1 (5), item 2 (3), item 4 (4).
    // User 1 rated item 3; test: item 0 (4). User 2 rated nothing; test: item 3 (2), not relevant.
    static let truth = RatingSet(
        users: [0, 0, 0, 1, 2], items: [1, 2, 4, 0, 3], values: [5, 3, 4, 4, 2], userCount: 3, itemCount: 6)
    static let scores: [[Double]] = [
        [9, 0.5, 0.8, 0.1, 0.7, 0.9],  // candidates 5, 2, 4, 1, 3: relevant 4 at rank 3, 1 at rank 4
        [0.6, 0.9, 0.1, 0.2, 0.3, 0.4],  // candidates 1, 0, 5, 4, 2: relevant 0 at rank 2
        [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],  // candidates 5, 4, 3, 2, 1, 0
    ]
    static let rated: [[Int32]] = [[0], [3], []]

    static func rankings(listLength: Int = 3) -> CandidateRankings {
        CandidateRankings(
            truth: truth, itemCount: 6, listLength: listLength, order: CandidateOrder(itemIDs: nil, itemCount: 6),
            excluded: { rated[Int($0)][...] }, batchSize: 2,
            score: { users, into in into = users.flatMap { scores[Int($0)] } })
    }

    @Test func listsAndRanksFollowTheScoresWithoutTrainingItems() {
        let rankings = Self.rankings()
        #expect(rankings.users == [0, 1, 2])
        #expect(Array(rankings.top(ofGroup: 0)) == [5, 2, 4])
        #expect(Array(rankings.top(ofGroup: 1)) == [1, 0, 5])
        #expect(Array(rankings.top(ofGroup: 2)) == [5, 4, 3])
        #expect(rankings.testRanks == [4, 2, 3, 2, 3])
    }

    static let expectations: [(Metric, Double)] = [
        // User 0: top 3 = 5, 2, 4 with relevant {1, 4}, R = 2; user 1: top 3 = 1, 0, 5 with relevant {0}, R = 1.
        (Metric.precision(k: 3), 1.0 / 3),  // (1/3 + 1/3) / 2
        (.recall(k: 3), 0.75),  // (1/2 + 1/1) / 2
        // user 0: (1/log2 4) / (1 + 1/log2 3) = 0.5 / 1.6309298 = 0.3065736; user 1: (1/log2 3) / 1 = 0.6309298
        (.ndcg(k: 3), 0.4687516749770934),
        (.map(k: 3), 1.0 / 3),  // user 0: (1/3) / min(3, 2) = 1/6; user 1: (1/2) / 1; mean 1/3
        (.hit(k: 3), 1.0),
        (.hit(k: 1), 0.0),  // tops 5 and 1 are not relevant
        (.mrr(k: nil), 5.0 / 12),  // user 0: first relevant at rank 3 → 1/3; user 1: rank 2 → 1/2
        (.mrr(k: 2), 0.25),  // user 0: none in the top 2 → 0; user 1: 1/2
        (.coverage(k: 3), 1.0),  // {5, 2, 4} ∪ {1, 0, 5} ∪ {5, 4, 3}: all 6 items
        (.coverage(k: 1), 2.0 / 6),  // {5, 1}: user 2 counts for coverage too
    ]

    @Test(arguments: expectations)
    func eachMetricHasItsHandComputedValue(metric: Metric, expected: Double) throws {
        let value = try MetricEvaluator.evaluate(
            [metric], candidates: Self.rankings(), listLength: 3, truth: Self.truth, relevanceThreshold: 4, itemCount: 6)
        #expect(abs(value[0] - expected) < 1e-12, "\(metric.name): \(value[0])")
    }

    @Test func mrrLooksPastTheListsWhenTheFirstRelevantItemIsBelowThem() throws {
        // Lists of 1: user 0's first relevant item is at rank 3, user 1's at rank 2.
        let value = try MetricEvaluator.evaluate(
            [.mrr(k: nil)], candidates: Self.rankings(listLength: 1), listLength: 1, truth: Self.truth,
            relevanceThreshold: 4, itemCount: 6)
        #expect(abs(value[0] - 5.0 / 12) < 1e-12)
    }

    @Test func cutOffsLongerThanTheListsAndErrorMetricsAreRefused() {
        #expect(throws: MLCoreError.self) {
            try MetricEvaluator.evaluate(
                [.ndcg(k: 5)], candidates: Self.rankings(), listLength: 3, truth: Self.truth, relevanceThreshold: 4,
                itemCount: 6)
        }
        #expect(throws: MLCoreError.self) {
            try MetricEvaluator.evaluate(
                [.rmse], candidates: Self.rankings(), listLength: 3, truth: Self.truth, relevanceThreshold: 4, itemCount: 6)
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func theTopListAndTheRanksAgreeUnderTies(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        // Few distinct scores, so that most items tie.
        let scores = (0..<40).map { _ in Double(Int.random(in: 0..<4, using: &generator)) }
        let excluded: [Int32] = [2, 7, 30]
        let order = CandidateOrder(itemIDs: (0..<40).map { "item\($0)" }, itemCount: 40)
        scores.withUnsafeBufferPointer { row in
            let all = order.top(37, scores: row, excluding: excluded[...])
            #expect(all.count == 37 && Set(all).isDisjoint(with: excluded))
            for (position, item) in all.enumerated() {
                #expect(order.rank(of: item, scores: row, excluding: excluded[...]) == position + 1)
            }
            #expect(order.top(5, scores: row, excluding: excluded[...]) == Array(all.prefix(5)))
        }
    }
}
