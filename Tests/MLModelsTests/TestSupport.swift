import Foundation
import MLCore
@testable import MLModels

/// A rating set from (user, item, rating) triples.
func ratingSet(_ triples: [(Int32, Int32, Double)], users: Int? = nil, items: Int? = nil) -> RatingSet {
    RatingSet(
        users: triples.map(\.0), items: triples.map(\.1), values: triples.map(\.2),
        userCount: users ?? Int((triples.map(\.0).max() ?? -1) + 1),
        itemCount: items ?? Int((triples.map(\.1).max() ?? -1) + 1))
}

/// Random ratings 1...5 with a user and item effect, for property tests.
func syntheticRatings(users: Int, items: Int, count: Int, seed: UInt64) -> RatingSet {
    var generator = SeededGenerator(seed: seed)
    let userEffect = (0..<users).map { _ in generator.nextGaussian() * 0.5 }
    let itemEffect = (0..<items).map { _ in generator.nextGaussian() * 0.7 }
    var seen = Set<Int>()
    var triples: [(Int32, Int32, Double)] = []
    while triples.count < count {
        let u = generator.nextInt(below: users), i = generator.nextInt(below: items)
        guard seen.insert(u * items + i).inserted else { continue }
        let value = (3.5 + userEffect[u] + itemEffect[i] + generator.nextGaussian() * 0.5).rounded()
        triples.append((Int32(u), Int32(i), min(max(value, 1), 5)))
    }
    return ratingSet(triples, users: users, items: items)
}

func rootMeanSquaredError(_ predicted: [Double], _ actual: [Double]) -> Double {
    var sum = 0.0
    for k in predicted.indices { sum += (predicted[k] - actual[k]) * (predicted[k] - actual[k]) }
    return (sum / Double(predicted.count)).squareRoot()
}

/// Reads a tab-separated user, item, rating[, time] file with one header line;
/// raw ids become dense indices in order of first appearance.
func readMovieLens(_ path: String) throws -> RatingSet {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var userIndex: [Substring: Int32] = [:], itemIndex: [Substring: Int32] = [:]
    var users: [Int32] = [], items: [Int32] = [], values: [Double] = []
    for line in text.split(separator: "\n").dropFirst() {
        let fields = line.split(separator: "\t")
        guard fields.count >= 3, let value = Double(fields[2]) else { continue }
        let user =
            userIndex[fields[0]]
            ?? {
                let next = Int32(userIndex.count); userIndex[fields[0]] = next; return next
            }()
        let item =
            itemIndex[fields[1]]
            ?? {
                let next = Int32(itemIndex.count); itemIndex[fields[1]] = next; return next
            }()
        users.append(user); items.append(item); values.append(value)
    }
    return RatingSet(users: users, items: items, values: values, userCount: userIndex.count, itemCount: itemIndex.count)
}

/// Fold of each row: rows shuffled with the seed, cut into `folds` near-equal parts.
func foldAssignment(count: Int, folds: Int, seed: UInt64) -> [Int] {
    var order = Array(0..<count)
    var generator = SeededGenerator(seed: seed, label: "folds")
    generator.shuffle(&order)
    var fold = [Int](repeating: 0, count: count)
    for (position, row) in order.enumerated() { fold[row] = position * folds / count }
    return fold
}

/// Mean RMSE of a model over the folds of `data`.
func crossValidatedRMSE<Model: RatingModel>(
    _ model: Model, data: RatingSet, folds: [Int], foldCount: Int,
    seed: UInt64
) throws -> [Double] {
    var scores: [Double] = []
    for fold in 0..<foldCount {
        let trainRows = folds.indices.filter { folds[$0] != fold }
        let testRows = folds.indices.filter { folds[$0] == fold }
        let train = data.subset(trainRows), test = data.subset(testRows)
        let predictor = try model.fit(train: train, scale: 1...5, seed: seed)
        let predictions = try predictor.predict(test)
        scores.append(rootMeanSquaredError(predictions.values, test.values))
    }
    return scores
}
