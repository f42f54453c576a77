// Item-based knn on many items: sparse similarity rows, never the dense matrix.
//   mass-bench knn-large [--items 50000] [--users 100000] [--per-user 50] [--k 40] [--max-neighbours 0]
import Foundation
import MLCore
import MLModels

func runKnnLargeBenchmark(_ arguments: [String]) throws {
    var items = 50_000, users = 100_000, perUser = 50, k = 40, maxNeighbours = 0
    var rest = arguments[...]
    while let flag = rest.popFirst() {
        guard let text = rest.popFirst(), let value = Int(text) else {
            throw BenchmarkUsageError(message: "\(flag) needs an integer")
        }
        switch flag {
        case "--items": items = value
        case "--users": users = value
        case "--per-user": perUser = value
        case "--k": k = value
        case "--max-neighbours": maxNeighbours = value
        default: throw BenchmarkUsageError(message: "unknown option \(flag)")
        }
    }
    let start = ContinuousClock.now
    let data = clusteredRatings(users: users, items: items, perUser: min(perUser, items))
    let generated = ContinuousClock.now
    let model = NearestNeighbours(
        .init(on: .items, similarity: .pearsonBaseline, estimator: .withBaseline, k: k, maxNeighbours: maxNeighbours))
    let estimate = model.estimatedMemory(for: DataShape(ratings: data.count, users: users, items: items))
    let fitted = try model.fit(train: data, scale: 1...5, seed: 1)
    let trained = ContinuousClock.now
    let sample = Array(stride(from: 0, to: data.count, by: max(1, data.count / 100_000)))
    let predictions = fitted.predict(users: sample.map { data.users[$0] }, items: sample.map { data.items[$0] })
    let predicted = ContinuousClock.now
    var squares = 0.0
    for (position, row) in sample.enumerated() {
        let error = predictions.values[position] - data.values[row]
        squares += error * error
    }
    print("knn-large: \(data.count) ratings, \(users) users, \(items) items, k \(k), max_neighbours \(maxNeighbours)")
    print(
        String(
            format: "generate %.2f s, fit %.2f s, predict %d %.2f s, training RMSE %.4f",
            benchSeconds(generated - start), benchSeconds(trained - generated), sample.count,
            benchSeconds(predicted - trained), (squares / Double(sample.count)).squareRoot()))
    let estimated = String(
        format: "estimated peak %.0f MB (kept %.0f MB)", Double(estimate.total) / 1_048_576,
        Double(estimate.model) / 1_048_576)
    print("\(estimated); measured peak RSS \(peakResidentMemory())")
}

/// Users rate distinct items, mostly from a few clusters of their taste, so
/// that items share raters as real catalogues do.
private func clusteredRatings(users: Int, items: Int, perUser: Int) -> RatingSet {
    var generator = SeededGenerator(seed: 11, label: "knn-large")
    let clusters = max(1, items / 500)
    var userColumn: [Int32] = [], itemColumn: [Int32] = [], values: [Double] = []
    userColumn.reserveCapacity(users * perUser)
    itemColumn.reserveCapacity(users * perUser)
    values.reserveCapacity(users * perUser)
    let itemBias = (0..<items).map { _ in generator.nextGaussian() * 0.6 }
    var chosen = Set<Int>()
    for user in 0..<users {
        chosen.removeAll(keepingCapacity: true)
        let taste = generator.nextInt(below: clusters), bias = generator.nextGaussian() * 0.4
        while chosen.count < perUser {
            let item =
                generator.nextInt(below: 4) == 0
                ? generator.nextInt(below: items)
                : min(items - 1, taste * (items / clusters) + generator.nextInt(below: max(1, items / clusters)))
            guard chosen.insert(item).inserted else { continue }
            userColumn.append(Int32(user))
            itemColumn.append(Int32(item))
            values.append(min(5, max(1, (3.6 + bias + itemBias[item] + generator.nextGaussian() * 0.8).rounded())))
        }
    }
    return RatingSet(users: userColumn, items: itemColumn, values: values, userCount: users, itemCount: items)
}

private func benchSeconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
