#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Each test user's test items ranked by prediction (highest first, ties by
/// lower item index), with relevance flags; the shared input of every
/// ranking metric. See `Metric` for the definitions computed here.
struct UserRankings {
    /// Ranked rows of user group `g`: `relevant[starts[g]..<starts[g + 1]]`, and their items.
    private var starts: [Int] = [0]
    private var relevant: [Bool] = []
    private var rankedItems: [Int32] = []

    init(truth: RatingSet, predictions: [Double], relevanceThreshold: Double) {
        let (userStarts, rows) = truth.buckets(of: Array(0..<truth.count), byItem: false)
        relevant.reserveCapacity(truth.count)
        rankedItems.reserveCapacity(truth.count)
        for user in 0..<truth.userCount where userStarts[user] < userStarts[user + 1] {
            // Per-user lists are short, so a full sort costs less than keeping one heap per cut-off.
            let ranked = rows[userStarts[user]..<userStarts[user + 1]].sorted { a, b in
                predictions[a] > predictions[b] || (predictions[a] == predictions[b] && truth.items[a] < truth.items[b])
            }
            for row in ranked {
                relevant.append(truth.values[row] >= relevanceThreshold)
                rankedItems.append(truth.items[row])
            }
            starts.append(relevant.count)
        }
    }

    func value(_ metric: Metric, itemCount: Int) -> Double {
        if case .coverage(let k) = metric { return coverage(k: k, itemCount: itemCount) }
        var total = 0.0, users = 0
        for group in 0..<(starts.count - 1) {
            let flags = relevant[starts[group]..<starts[group + 1]]
            let relevantCount = flags.reduce(0) { $0 + ($1 ? 1 : 0) }
            guard relevantCount > 0 else { continue }
            total += Self.userValue(metric, flags: Array(flags), relevantCount: relevantCount)
            users += 1
        }
        return users == 0 ? 0 : total / Double(users)
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
