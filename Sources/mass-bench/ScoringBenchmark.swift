// The `scoring` suite: all-item scoring of a 100-factor mf for every user of
// MovieLens-shaped synthetic data (943 users, 1,682 items, 100,000 ratings),
// per user, against the ~20 µs that 170,000 multiply-adds ideally take, and
// against a loop of single predictions; then item-based and user-based knn
// (k 40, every pair kept), the one-sweep all-item scoring against one
// prediction per item. With --ensemble FILE (an exported
// model), also the time per user of `recommend` against the pairwise answer
// of every item (what `recommend` did before all-item scoring); with
// --ensemble-only, that part alone, without the pairwise answer.
//
//   mass-bench scoring [--factors N] [--reps N] [--ensemble FILE [--ensemble-only]]
import Foundation
import MLCore
import MLModels

func runScoringBenchmark(_ arguments: [String]) throws {
    var factors = 100, reps = 3
    var ensemblePath: String?
    var ensembleOnly = false
    var rest = arguments[...]
    while let flag = rest.popFirst() {
        if flag == "--ensemble-only" {
            ensembleOnly = true
            continue
        }
        guard let value = rest.popFirst() else { throw BenchmarkUsage("\(flag) needs a value") }
        switch flag {
        case "--factors": factors = Int(value) ?? factors
        case "--reps": reps = Int(value) ?? reps
        case "--ensemble": ensemblePath = value
        default: throw BenchmarkUsage("unknown option \(flag)")
        }
    }
    var checksum = 0.0
    if !ensembleOnly { checksum += try scoreSynthetic(factors: factors, reps: reps) }
    if let path = ensemblePath {
        checksum += try scoreEnsemble(path: path, reps: reps, pairwise: !ensembleOnly)
    }
    print("(checksum \(checksum))")
}

/// mf and knn on MovieLens-shaped synthetic data, per user; returns a checksum.
private func scoreSynthetic(factors: Int, reps: Int) throws -> Double {
    let users = 943, items = 1682
    let train = movieLensShaped(users: users, items: items, ratings: 100_000, seed: 7)
    let fitted = try MatrixFactorization(.init(factors: factors, epochs: 2)).fit(train: train, scale: 1...5, seed: 1)
    let ideal = Double(items * factors) / 8.5e9 * 1e6
    print("mf(\(factors)) on \(users) users × \(items) items; ideal ≈ \(String(format: "%.1f", ideal)) µs per user")

    var checksum = 0.0
    let pairs = best(of: reps) {
        for user in 0..<users {
            for item in 0..<items { checksum += fitted.predict(user: Int32(user), item: Int32(item)).value }
        }
    }
    report("single-pair loop", seconds: pairs, users: users)
    var scores: [Double] = []
    for batch in [1, 16, 64] {
        let seconds = best(of: reps) {
            var start = 0
            while start < users {
                let end = min(start + batch, users)
                fitted.scoreAllItems(users: (start..<end).map { Int32($0) }, itemCount: items, into: &scores)
                checksum += scores[0]
                start = end
            }
        }
        report("all-item scoring, batches of \(batch)", seconds: seconds, users: users)
    }
    for axis in NearestNeighbours.Axis.allCases {
        let knn = try NearestNeighbours(.init(on: axis)).fit(train: train, scale: 1...5, seed: 1)
        let pairwise = best(of: reps) {
            knn.scorePairwise(users: (0..<Int32(users)).map { $0 }, itemCount: items, into: &scores)
            checksum += scores[0]
        }
        report("knn on \(axis), one prediction per item", seconds: pairwise, users: users)
        let swept = best(of: reps) {
            for user in 0..<Int32(users) {
                knn.scoreAllItems(users: [user], itemCount: items, into: &scores)
                checksum += scores[0]
            }
        }
        report("knn on \(axis), all-item sweep", seconds: swept, users: users)
    }
    return checksum
}

/// An exported ensemble's recommendations per user; returns a checksum.
private func scoreEnsemble(path: String, reps: Int, pairwise: Bool) throws -> Double {
    var checksum = 0.0
    let (ensemble, _) = try EnsembleFile.decode(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    let ids = ensemble.identifiers.users, itemIds = ensemble.identifiers.items
    if pairwise {
        let seconds = best(of: reps) {
            for id in ids {
                let answer = ensemble.predict(users: [String](repeating: id, count: itemIds.count), items: itemIds)
                checksum += answer.values[0]
            }
        }
        report("ensemble, every item pairwise", seconds: seconds, users: ids.count)
    }
    var memberSeconds = [Double](repeating: 0, count: ensemble.members.count)
    let single = best(of: reps) {
        for id in ids {
            let answer = ensemble.recommend(user: id, count: 10)
            checksum += answer.items[0].score
            for (member, seconds) in answer.memberSeconds.enumerated() { memberSeconds[member] += seconds }
        }
    }
    report("ensemble recommend, one user at a time", seconds: single, users: ids.count)
    for (member, seconds) in memberSeconds.enumerated() {
        report(
            "  of which \(ensemble.members[member].name) (mean of all reps)", seconds: seconds / Double(max(reps, 1)),
            users: ids.count)
    }
    let batched = best(of: reps) {
        var start = 0
        while start < ids.count {
            let end = min(start + 16, ids.count)
            checksum += ensemble.recommend(users: Array(ids[start..<end]), count: 10)[0].items[0].score
            start = end
        }
    }
    report("ensemble recommend, batches of 16", seconds: batched, users: ids.count)
    return checksum
}

private struct BenchmarkUsage: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

private func best(of reps: Int, _ body: () -> Void) -> Double {
    var best = Double.infinity
    for _ in 0..<max(reps, 1) {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return best
}

private func report(_ label: String, seconds: Double, users: Int) {
    let perUser = seconds / Double(users) * 1e6
    print("\(label.padding(toLength: 42, withPad: " ", startingAt: 0)) \(String(format: "%9.1f", perUser)) µs per user")
}

/// Distinct random (user, item) pairs with ratings 1...5, every user and item used.
private func movieLensShaped(users: Int, items: Int, ratings: Int, seed: UInt64) -> RatingSet {
    var generator = SeededGenerator(seed: seed)
    var seen = Set<Int>()
    var userColumn: [Int32] = [], itemColumn: [Int32] = [], values: [Double] = []
    func add(_ user: Int, _ item: Int) {
        guard seen.insert(user * items + item).inserted else { return }
        userColumn.append(Int32(user))
        itemColumn.append(Int32(item))
        values.append(Double(Int.random(in: 1...5, using: &generator)))
    }
    for index in 0..<max(users, items) { add(index % users, index % items) }
    while userColumn.count < ratings {
        add(Int.random(in: 0..<users, using: &generator), Int.random(in: 0..<items, using: &generator))
    }
    return RatingSet(users: userColumn, items: itemColumn, values: values, userCount: users, itemCount: items)
}
