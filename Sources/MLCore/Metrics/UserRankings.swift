#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Each test user's test items ranked by score, highest first, with
/// relevance flags; the shared input of every ranking metric. See `Metric`
/// for the definitions computed here and docs/ranking.md for the rules.
struct UserRankings {
    /// Ranked rows of user group `g`: `relevant[starts[g]..<starts[g + 1]]`, and their items.
    private var starts: [Int] = [0]
    private var relevant: [Bool] = []
    private var rankedItems: [Int32] = []

    /// - Parameters:
    ///   - scores: what ranks each row of `truth`: the predictions, or a model's own ranking scores.
    ///   - itemIDs: the external id of each item index; nil stands for the index written in decimal.
    init(truth: RatingSet, scores: [Double], itemIDs: [String]?, relevanceThreshold: Double) {
        let tieKeys = Self.tieKeys(truth: truth, itemIDs: itemIDs)
        func id(_ item: Int) -> String { itemIDs?[item] ?? String(item) }
        // Equal scores: by the id's stable hash, so the order depends neither on the file's
        // row order nor on how ids sort; then by id (hash collisions), then by row (repeated pairs).
        func precedes(_ a: Int, _ b: Int) -> Bool {
            if scores[a] != scores[b] { return scores[a] > scores[b] }
            let itemA = Int(truth.items[a]), itemB = Int(truth.items[b])
            if tieKeys[itemA] != tieKeys[itemB] { return tieKeys[itemA] < tieKeys[itemB] }
            if itemA != itemB { return id(itemA).utf8.lexicographicallyPrecedes(id(itemB).utf8) }
            return a < b
        }
        let (userStarts, rows) = truth.buckets(of: Array(0..<truth.count), byItem: false)
        relevant.reserveCapacity(truth.count)
        rankedItems.reserveCapacity(truth.count)
        for user in 0..<truth.userCount where userStarts[user] < userStarts[user + 1] {
            // Per-user lists are short, so a full sort costs less than keeping one heap per cut-off.
            let ranked = rows[userStarts[user]..<userStarts[user + 1]].sorted(by: precedes)
            for row in ranked {
                relevant.append(truth.values[row] >= relevanceThreshold)
                rankedItems.append(truth.items[row])
            }
            starts.append(relevant.count)
        }
    }

    /// `StableHash` of the id of every item that `truth` holds (0 for the others, which are never compared).
    private static func tieKeys(truth: RatingSet, itemIDs: [String]?) -> [UInt64] {
        var keys = [UInt64](repeating: 0, count: truth.itemCount)
        var done = [Bool](repeating: false, count: truth.itemCount)
        for item in truth.items where !done[Int(item)] {
            keys[Int(item)] = StableHash.of(itemIDs?[Int(item)] ?? String(item))
            done[Int(item)] = true
        }
        return keys
    }

    func value(_ metric: Metric, itemCount: Int) -> Double {
        if case .coverage(let k) = metric { return coverage(k: k, itemCount: itemCount) }
        var perUser: [Double] = []
        for group in 0..<(starts.count - 1) {
            let flags = relevant[starts[group]..<starts[group + 1]]
            let relevantCount = flags.reduce(0) { $0 + ($1 ? 1 : 0) }
            guard relevantCount > 0 else { continue }
            perUser.append(Self.userValue(metric, flags: Array(flags), relevantCount: relevantCount))
        }
        // Summed smallest first: user indices follow the file's row order, and a sum's last bits follow its order.
        perUser.sort()
        var total = 0.0
        for value in perUser { total += value }
        return perUser.isEmpty ? 0 : total / Double(perUser.count)
    }

    static func userValue(_ metric: Metric, flags: [Bool], relevantCount: Int) -> Double {
        func hits(_ k: Int) -> Int { flags.prefix(k).reduce(0) { $0 + ($1 ? 1 : 0) } }
        switch metric {
        case .precision(let k):
            return Double(hits(k)) / Double(k)
        case .recall(let k):
            return Double(hits(k)) / Double(relevantCount)
        case .hit(let k):
            return hits(k) > 0 ? 1 : 0
        case .ndcg(let k):
            var gain = 0.0, ideal = 0.0
            for (position, flag) in flags.prefix(k).enumerated() where flag { gain += 1 / log2(Double(position + 2)) }
            for position in 0..<min(k, relevantCount) { ideal += 1 / log2(Double(position + 2)) }
            return gain / ideal
        case .map(let k):
            var found = 0, sum = 0.0
            for (position, flag) in flags.prefix(k).enumerated() where flag {
                found += 1
                sum += Double(found) / Double(position + 1)
            }
            return sum / Double(min(k, relevantCount))
        case .mrr(let k):
            let window = k.map { flags.prefix($0) } ?? flags[...]
            guard let first = window.firstIndex(of: true) else { return 0 }
            return 1 / Double(first + 1)
        default:
            return 0
        }
    }

    private func coverage(k: Int, itemCount: Int) -> Double {
        guard itemCount > 0 else { return 0 }
        var shown = [Bool](repeating: false, count: itemCount)
        var distinct = 0
        for group in 0..<(starts.count - 1) {
            for position in starts[group]..<min(starts[group] + k, starts[group + 1]) {
                let item = Int(rankedItems[position])
                if !shown[item] {
                    shown[item] = true
                    distinct += 1
                }
            }
        }
        return Double(distinct) / Double(itemCount)
    }
}
