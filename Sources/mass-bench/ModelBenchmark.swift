// The `models` suite: fit + predict time and RMSE of each MLModels model on
// seeded folds of MovieLens, and the large synthetic matrix-factorization run.
//
//   mass-bench models [--data PATH] [--folds N] [--fold-seed N] [--model-seed N] [--folds-out PATH]
//                     [--results PATH] [--only mf,knn,...]
//   mass-bench models --synthetic-mf RATINGS [--factors N] [--epochs N]
import Foundation
import MLCore
import MLModels

func runModelBenchmark(_ arguments: [String]) throws {
    let options = try BenchmarkOptions(arguments)
    if let ratings = options.syntheticRatings {
        try runSyntheticFactorization(ratings: ratings, factors: options.factors, epochs: options.epochs)
        return
    }
    let data = try readRatingsTSV(options.dataPath)
    let folds = foldAssignment(count: data.count, folds: options.folds, seed: options.foldSeed)
    if let path = options.foldsOut {
        // One fold index per data row, in file order, so that other tools use the same split.
        try Data(folds.map(String.init).joined(separator: "\n").appending("\n").utf8).write(to: URL(fileURLWithPath: path))
    }
    let parts = (0..<options.folds).map { fold in
        (
            train: data.subset(folds.indices.filter { folds[$0] != fold }),
            test: data.subset(folds.indices.filter { folds[$0] == fold })
        )
    }
    print(
        "MovieLens: \(data.count) ratings, \(data.userCount) users, \(data.itemCount) items, \(options.folds) folds (seed \(options.foldSeed))"
    )
    print("model         mean RMSE   fit+predict s (all folds)   fit s   predict s   CPU s    fallbacks")
    var results = "model\trmse\tseconds\tcpu_seconds\n"
    for entry in benchmarkModels() where options.only.isEmpty || options.only.contains(entry.name) {
        let result = try measure(entry.model, parts: parts, seed: options.modelSeed)
        let line = [
            entry.name.padding(toLength: 13, withPad: " ", startingAt: 0),
            String(format: "%.4f", result.rmse).padding(toLength: 11, withPad: " ", startingAt: 0),
            String(format: "%.3f", result.fitSeconds + result.predictSeconds).padding(toLength: 28, withPad: " ", startingAt: 0),
            String(format: "%.3f", result.fitSeconds).padding(toLength: 8, withPad: " ", startingAt: 0),
            String(format: "%.3f", result.predictSeconds).padding(toLength: 12, withPad: " ", startingAt: 0),
            String(format: "%.3f", result.cpuSeconds).padding(toLength: 8, withPad: " ", startingAt: 0),
            String(result.fallbacks),
        ].joined(separator: " ")
        print(line)
        results += "\(entry.name)\t\(result.rmse)\t\(result.fitSeconds + result.predictSeconds)\t\(result.cpuSeconds)\n"
    }
    if let path = options.resultsPath {
        try Data(results.utf8).write(to: URL(fileURLWithPath: path))
    }
}

private struct BenchmarkOptions {
    var dataPath = ProcessInfo.processInfo.environment["MASS_MOVIELENS"] ?? "data/ml-100k/ml-100k.inter"
    var folds = 5
    var foldSeed: UInt64 = 2024
    /// Fold k fits with seed modelSeed + k.
    var modelSeed: UInt64 = 1
    var foldsOut: String?
    var resultsPath: String?
    var only: Set<String> = []
    var syntheticRatings: Int?
    var factors = 100
    var epochs = 20

    init(_ arguments: [String]) throws {
        var remaining = arguments[...]
        while let flag = remaining.popFirst() {
            guard let value = remaining.popFirst() else { throw BenchmarkUsageError(message: "\(flag) needs a value") }
            switch flag {
            case "--data": dataPath = value
            case "--folds": folds = try Self.integer(value, flag)
            case "--fold-seed": foldSeed = UInt64(try Self.integer(value, flag))
            case "--model-seed": modelSeed = UInt64(try Self.integer(value, flag))
            case "--folds-out": foldsOut = value
            case "--results": resultsPath = value
            case "--only": only = Set(value.split(separator: ",").map(String.init))
            case "--synthetic-mf": syntheticRatings = try Self.integer(value, flag)
            case "--factors": factors = try Self.integer(value, flag)
            case "--epochs": epochs = try Self.integer(value, flag)
            default: throw BenchmarkUsageError(message: "unknown option \(flag)")
            }
        }
    }

    private static func integer(_ text: String, _ flag: String) throws -> Int {
        guard let value = Int(text), value >= 0 else {
            throw BenchmarkUsageError(message: "\(flag) needs a non-negative integer, got \(text)")
        }
        return value
    }
}

struct BenchmarkUsageError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// The models compared with Surprise, with Surprise's defaults unless named.
private func benchmarkModels() -> [(name: String, model: any RatingModel)] {
    [
        ("global-mean", GlobalMean()),
        ("popularity", Popularity()),
        ("baseline", Baseline()),
        ("mf", MatrixFactorization(.init(factors: 100, epochs: 20, learningRate: 0.005, reg: 0.02))),
        ("svdpp", SVDPlusPlus()),
        ("als", AlternatingLeastSquares()),
        ("knn", NearestNeighbours(.init(on: .items, similarity: .pearsonBaseline, estimator: .withBaseline, k: 40))),
        ("slope-one", SlopeOne()),
    ]
}

private struct Measurement {
    var rmse: Double
    var fitSeconds: Double
    var predictSeconds: Double
    /// Processor time of every thread, fit and predict; less sensitive than wall time to a busy machine.
    var cpuSeconds: Double
    var fallbacks: Int
}

private func measure(_ model: any RatingModel, parts: [(train: RatingSet, test: RatingSet)], seed: UInt64) throws -> Measurement {
    var total = Measurement(rmse: 0, fitSeconds: 0, predictSeconds: 0, cpuSeconds: 0, fallbacks: 0)
    for (fold, part) in parts.enumerated() {
        let cpuStart = processorSeconds()
        let start = ContinuousClock.now
        let predictor = try model.fit(train: part.train, scale: 1...5, seed: seed + UInt64(fold))
        let fitted = ContinuousClock.now
        let predictions = try predictor.predict(part.test)
        let done = ContinuousClock.now
        total.cpuSeconds += processorSeconds() - cpuStart
        total.fitSeconds += seconds(fitted - start)
        total.predictSeconds += seconds(done - fitted)
        total.fallbacks += predictions.fallbackCount
        var squares = 0.0
        for row in 0..<part.test.count {
            let error = predictions.values[row] - part.test.values[row]
            squares += error * error
        }
        total.rmse += (squares / Double(part.test.count)).squareRoot() / Double(parts.count)
    }
    return total
}

/// Processor time used by this process so far, all threads.
private func processorSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

private func seconds(_ duration: Duration) -> Double {
    let parts = duration.components
    return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
}

/// Reads a tab-separated user, item, rating[, time] file with one header line;
/// raw ids become dense indices in order of first appearance.
func readRatingsTSV(_ path: String) throws -> RatingSet {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var userIndex: [Substring: Int32] = [:], itemIndex: [Substring: Int32] = [:]
    var users: [Int32] = [], items: [Int32] = [], values: [Double] = []
    for (number, line) in text.split(separator: "\n").enumerated().dropFirst() {
        let fields = line.split(separator: "\t")
        guard fields.count >= 3, let value = Double(fields[2]) else {
            throw BenchmarkUsageError(message: "\(path):\(number + 1): expected user, item, rating separated by tabs")
        }
        users.append(denseIndex(fields[0], in: &userIndex))
        items.append(denseIndex(fields[1], in: &itemIndex))
        values.append(value)
    }
    return RatingSet(users: users, items: items, values: values, userCount: userIndex.count, itemCount: itemIndex.count)
}

private func denseIndex(_ key: Substring, in map: inout [Substring: Int32]) -> Int32 {
    if let index = map[key] { return index }
    let index = Int32(map.count)
    map[key] = index
    return index
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

/// `mf` on a synthetic low-rank matrix: time per phase; the script measures peak memory.
private func runSyntheticFactorization(ratings: Int, factors: Int, epochs: Int) throws {
    let start = ContinuousClock.now
    let users = max(1, ratings / 100), items = max(1, ratings / 500)
    var generator = SeededGenerator(seed: 7, label: "synthetic-mf")
    let rank = 8
    let userTaste = (0..<users * rank).map { _ in Float(generator.nextGaussian() * 0.4) }
    let itemTaste = (0..<items * rank).map { _ in Float(generator.nextGaussian() * 0.4) }
    var userColumn = [Int32](repeating: 0, count: ratings), itemColumn = [Int32](repeating: 0, count: ratings)
    var values = [Double](repeating: 0, count: ratings)
    for row in 0..<ratings {
        let u = generator.nextInt(below: users), i = generator.nextInt(below: items)
        var score: Float = 3.5
        for f in 0..<rank { score += userTaste[u * rank + f] * itemTaste[i * rank + f] }
        userColumn[row] = Int32(u)
        itemColumn[row] = Int32(i)
        values[row] = min(max(Double(score + Float(generator.nextGaussian() * 0.5)).rounded(), 1), 5)
    }
    let data = RatingSet(users: userColumn, items: itemColumn, values: values, userCount: users, itemCount: items)
    let generated = ContinuousClock.now
    let model = MatrixFactorization(.init(factors: factors, epochs: epochs))
    let predictor = try model.fit(train: data, scale: 1...5, seed: 1)
    let fitted = ContinuousClock.now
    let predictions = predictor.predict(users: data.users, items: data.items)
    let done = ContinuousClock.now
    var squares = 0.0
    for row in 0..<data.count {
        squares += (predictions.values[row] - data.values[row]) * (predictions.values[row] - data.values[row])
    }
    print("synthetic mf: \(ratings) ratings, \(users) users, \(items) items, \(factors) factors, \(epochs) epochs")
    print(
        String(
            format: "generate %.2f s, fit %.2f s, predict all %.2f s, training RMSE %.4f",
            seconds(generated - start), seconds(fitted - generated), seconds(done - fitted),
            (squares / Double(data.count)).squareRoot()))
}
