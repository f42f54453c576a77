import Testing
@testable import MLCore

#if canImport(Glibc)
    import Glibc
#endif

/// Equal scores are ranked by a fixed hash of the item id, never by file order.
@Suite("Ranking ties")
struct RankingTieTests {
    /// Known answers from an independent implementation (FNV-1a 64, then SplitMix64's finaliser).
    @Test func stableHashKnownAnswers() {
        #expect(StableHash.of("a") == 0x2093_d9a3_e405_5b94)
        #expect(StableHash.of("1") == 0xca7b_6ff5_76f7_b7bd)
        #expect(StableHash.of("5") == 0x0955_411c_2956_ff3e)
        #expect(StableHash.of("242") == 0x4dc4_d959_1a07_2238)
    }

    /// One user, five items all predicted 3. Hash order of the ids: a, b, c, e, d.
    /// Only d and e are relevant, so they rank 5th and 4th:
    /// DCG = 1/log2(5) + 1/log2(6), IDCG = 1 + 1/log2(3); first relevant at rank 4.
    @Test(arguments: [
        (["d", "a", "e", "c", "b"], [Int32(0), 1, 2, 3, 4]),
        (["b", "c", "a", "e", "d"], [Int32(4), 0, 3, 2, 1]),
    ])
    func tiesFollowTheHashOfTheID(itemIDs: [String], rowItems: [Int32]) throws {
        // Whatever the index of each id and the row order: rows are d, a, e, c, b by id.
        let relevantIDs: Set = ["d", "e"]
        let truth = RatingSet(
            users: [0, 0, 0, 0, 0], items: rowItems,
            values: rowItems.map { relevantIDs.contains(itemIDs[Int($0)]) ? 5 : 1 }, userCount: 1, itemCount: 5)
        let constant = [Double](repeating: 3, count: 5)
        let values = try MetricEvaluator.evaluate(
            [.ndcg(k: 5), .mrr(k: nil), .precision(k: 3), .hit(k: 4), .coverage(k: 3)],
            truth: truth, predictions: constant, relevanceThreshold: 4, itemIDs: itemIDs)
        let ndcg = (1 / log2(5.0) + 1 / log2(6.0)) / (1 + 1 / log2(3.0))
        #expect(abs(values[0] - ndcg) < 1e-12)
        #expect(values[1] == 0.25 && values[2] == 0 && values[3] == 1 && values[4] == 0.6)
    }

    /// Scores still come first: a tie only orders items with equal scores.
    @Test func scoresBeatTheTieRule() throws {
        let truth = RatingSet(users: [0, 0], items: [0, 1], values: [5, 1], userCount: 1, itemCount: 2)
        // "a" hashes before "b", but b's higher score wins.
        let mrr = try MetricEvaluator.evaluate(
            .mrr(k: nil), truth: truth, predictions: [2, 3], relevanceThreshold: 4,
            itemIDs: ["a", "b"])
        #expect(mrr == 0.5)
    }

    /// The same ratings with their rows shuffled: item indices follow first appearance,
    /// and so change, yet every ranking metric of a constant model stays the same.
    @Test(arguments: [UInt64(1), 2, 3])
    func constantModelIgnoresRowOrder(seed: UInt64) throws {
        let source = try SyntheticRatings(SyntheticRatingsConfiguration(users: 80, items: 120, ratings: 3000, seed: seed)).ratings
        var lines = (0..<source.count).map { "u\(source.users[$0]),i\(source.items[$0]),\(source.values[$0])" }
        let metrics: [Metric] = [
            .ndcg(k: 10), .precision(k: 5), .recall(k: 5), .map(k: 10), .hit(k: 3), .mrr(k: nil), .coverage(k: 5),
        ]
        func scores(_ lines: [String], useIDs: Bool) throws -> [Double] {
            let text = "user,item,rating\n" + lines.joined(separator: "\n") + "\n"
            let loaded = try RatingFile.parse(Array(text.utf8), path: "ratings.csv")
            return try MetricEvaluator.evaluate(
                metrics, truth: loaded.ratings, predictions: [Double](repeating: 3, count: loaded.ratings.count),
                relevanceThreshold: 4, itemIDs: useIDs ? loaded.itemIDs : nil)
        }
        let original = try scores(lines, useIDs: true), originalByIndex = try scores(lines, useIDs: false)
        var generator = SeededGenerator(seed: seed, label: "shuffle rows")
        generator.shuffle(&lines)
        #expect(try scores(lines, useIDs: true) == original)
        // Without ids the tie follows the index, and so the file: the check above has teeth.
        #expect(try scores(lines, useIDs: false) != originalByIndex)
    }

    @Test func rankingScoresRankInPlaceOfPredictions() throws {
        // Item 1 is relevant and predicted lower, but its ranking score is higher.
        let truth = RatingSet(users: [0, 0, 0], items: [0, 1, 2], values: [2, 5, 3], userCount: 1, itemCount: 3)
        let predictions: [Double] = [4, 3, 2]
        let byPrediction = try MetricEvaluator.evaluate(
            [.mrr(k: nil), .rmse], truth: truth, predictions: predictions, relevanceThreshold: 4)
        let byScore = try MetricEvaluator.evaluate(
            [.mrr(k: nil), .rmse], truth: truth, predictions: predictions, relevanceThreshold: 4,
            rankingScores: [10, 20, 0])
        #expect(byPrediction[0] == 0.5 && byScore[0] == 1)
        #expect(byPrediction[1] == byScore[1])
    }

    @Test func badIDsOrScoresAreRejected() {
        let truth = RatingSet(users: [0, 0], items: [0, 1], values: [5, 1], userCount: 1, itemCount: 2)
        let cases: [([String]?, [Double]?, String)] = [
            (["a"], nil, "there are 1 item ids for 2 items"),
            (nil, [1], "there are 1 ranking scores for 2 test ratings"),
            (nil, [1, .infinity], "ranking score 1 is not a finite number (inf)"),
        ]
        for (ids, scores, message) in cases {
            do {
                _ = try MetricEvaluator.evaluate(
                    .ndcg(k: 2), truth: truth, predictions: [1, 2], relevanceThreshold: 4,
                    itemIDs: ids, rankingScores: scores)
                Issue.record("expected an error")
            } catch {
                #expect(error.message == message)
            }
        }
    }
}
