extension MetricEvaluator {
    /// Ranking metrics under the all-items protocol: each test user's top-K
    /// list among the items the user did not rate in training (see
    /// `CandidateRankings`) against the user's relevant test items (test rating
    /// ≥ `relevanceThreshold`, counted once per item, candidates only).
    /// Per-user values as in `UserRankings` with R = the number of relevant
    /// items (recall@k divides by R even when R > k, as RecBole does); `mrr`
    /// without a cut-off is 1 / the rank of the first relevant item among all
    /// candidates. Averaged over the users with R ≥ 1, summed smallest first;
    /// `coverage@k` is the share of the `itemCount` items in any test user's top k.
    ///
    /// - Throws: `MLCoreError.invalidParameter` for an error metric, a cut-off
    ///   longer than the lists were made for (`listLength`), or ranks that do not
    ///   match `truth`'s rows.
    public static func evaluate(
        _ metrics: [Metric], candidates: CandidateRankings, listLength: Int, truth: RatingSet,
        relevanceThreshold: Double, itemCount: Int
    ) throws(MLCoreError) -> [Double] {
        guard candidates.testRanks.count == truth.count else {
            throw MLCoreError.invalid(
                "candidates", "there are \(candidates.testRanks.count) ranks for \(truth.count) test ratings")
        }
        for metric in metrics {
            switch metric {
            case .rmse, .mae, .mse, .huber:
                throw MLCoreError.invalid("metrics", "\(metric.name) is not a ranking metric")
            case .precision(let k), .recall(let k), .ndcg(let k), .map(let k), .hit(let k), .coverage(let k),
                .mrr(.some(let k)):
                if k > listLength {
                    throw MLCoreError.invalid("metrics", "\(metric.name) needs lists of \(k) items, they hold \(listLength)")
                }
            case .mrr(.none):
                break
            }
        }
        // Each user's relevant candidate items and the best rank among them.
        var relevant: [Int32: Set<Int32>] = [:], firstRank: [Int32: Int32] = [:]
        for row in 0..<truth.count where truth.values[row] >= relevanceThreshold && candidates.testRanks[row] > 0 {
            let user = truth.users[row]
            relevant[user, default: []].insert(truth.items[row])
            firstRank[user] = min(firstRank[user] ?? .max, candidates.testRanks[row])
        }
        return metrics.map { metric in
            if case .coverage(let k) = metric { return coverage(candidates, k: k, itemCount: itemCount) }
            var perUser: [Double] = []
            for group in 0..<candidates.userCount {
                let user = candidates.users[group]
                guard let items = relevant[user], !items.isEmpty else { continue }
                if case .mrr(.none) = metric {
                    perUser.append(1 / Double(firstRank[user] ?? .max))
                    continue
                }
                let flags = candidates.top(ofGroup: group).map { items.contains($0) }
                perUser.append(UserRankings.userValue(metric, flags: flags, relevantCount: items.count))
            }
            // Summed smallest first, so that the order of users does not matter.
            perUser.sort()
            var total = 0.0
            for value in perUser { total += value }
            return perUser.isEmpty ? 0 : total / Double(perUser.count)
        }
    }

    private static func coverage(_ candidates: CandidateRankings, k: Int, itemCount: Int) -> Double {
        guard itemCount > 0 else { return 0 }
        var shown = [Bool](repeating: false, count: itemCount)
        var distinct = 0
        for group in 0..<candidates.userCount {
            for item in candidates.top(ofGroup: group).prefix(k) where Int(item) < itemCount && !shown[Int(item)] {
                shown[Int(item)] = true
                distinct += 1
            }
        }
        return Double(distinct) / Double(itemCount)
    }
}
