import HeapModule
import MLCore

/// The ensemble's answer for pairs: combined predictions, which ids it knew,
/// and the time each member took.
public struct EnsemblePredictions: Sendable {
    public var values: [Double]
    public var knownUsers: [Bool]
    public var knownItems: [Bool]
    /// Seconds spent in each member, in the order of `Ensemble.members`.
    public var memberSeconds: [Double]
}

/// A user's recommendations, best first.
public struct EnsembleRecommendation: Sendable {
    public var items: [(id: String, score: Double)]
    /// False when the ensemble never saw the user: the list is then the
    /// members' fallback ranking, with nothing left out.
    public var knownUser: Bool
    public var memberSeconds: [Double]
}

extension Ensemble {
    /// Combined predictions of (users[k], items[k]) by raw ids, at `times[k]`:
    /// members whose answer depends on time read it, and so do combiners
    /// (without times, members take their own default and combiners the
    /// latest time in the data). Unknown ids take the members' fallbacks and are flagged.
    public func predict(users: [String], items: [String], times: [Double]? = nil) -> EnsemblePredictions {
        precondition(times == nil || times?.count == users.count, "one time per pair")
        return predict(users: users, items: items, at: times ?? [Double?](repeating: nil, count: users.count))
    }

    /// Combined predictions as `predict(users:items:times:)` gives them, with
    /// a time or none for each pair: a pair without one is answered as if no
    /// pair had a time (each member's default, the combiner's latest time).
    public func predict(users: [String], items: [String], at times: [Double?]) -> EnsemblePredictions {
        precondition(users.count == items.count, "one item per user")
        precondition(times.count == users.count, "one time or nil per pair")
        let userIndices = users.map(user), itemIndices = items.map(item)
        var seconds = [Double](repeating: 0, count: members.count)
        var columns: [[Double]] = []
        columns.reserveCapacity(members.count)
        let clock = ContinuousClock()
        for member in members.indices {
            let started = clock.now
            var column = [Double](repeating: 0, count: users.count)
            for row in column.indices {
                column[row] = memberPrediction(member, user: userIndices[row], item: itemIndices[row], time: times[row])
            }
            columns.append(column)
            seconds[member] = Self.seconds(started.duration(to: clock.now))
        }
        let values = combiner.apply(
            columns, users: userIndices, items: itemIndices,
            times: times.map { $0 ?? latestTime }, scale: scale)
        return EnsemblePredictions(
            values: values, knownUsers: userIndices.map { $0 >= 0 }, knownItems: itemIndices.map { $0 >= 0 },
            memberSeconds: seconds)
    }

    /// The `count` items with the highest combined scores that the user did not
    /// rate, best first; equal scores go to the item that comes first in the
    /// ensemble's item table.
    public func recommend(user id: String, count: Int) -> EnsembleRecommendation {
        // A batch of one: each member scores all items at once (see `memberScores`).
        recommend(users: [id], count: count)[0]
    }

    /// The indices of the `count` highest scores, best first, leaving out
    /// `excluded` (ascending); ties go to the lower index.
    ///
    /// - Complexity: O(n log count) with a heap of the best so far.
    static func top(_ count: Int, of scores: [Double], excluding excluded: ArraySlice<Int32>) -> [Int32] {
        guard count > 0 else { return [] }
        var heap = Heap<Candidate>()
        var skip = excluded.startIndex
        for (index, score) in scores.enumerated() {
            while skip < excluded.endIndex, Int(excluded[skip]) < index { skip += 1 }
            if skip < excluded.endIndex, Int(excluded[skip]) == index { continue }
            let candidate = Candidate(score: score, index: Int32(index))
            if heap.count < count {
                heap.insert(candidate)
            } else if let worst = heap.min, worst < candidate {
                _ = heap.replaceMin(with: candidate)
            }
        }
        var best: [Int32] = []
        best.reserveCapacity(heap.count)
        while let next = heap.popMax() { best.append(next.index) }
        return best
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}

/// A scored item; the greater candidate is the better recommendation.
struct Candidate: Comparable {
    var score: Double
    var index: Int32

    static func < (a: Candidate, b: Candidate) -> Bool {
        a.score != b.score ? a.score < b.score : a.index > b.index
    }
}
