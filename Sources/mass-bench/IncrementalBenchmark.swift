// The `incremental` suite: prequential evaluation of incremental `mf` against
// a full refit, on ratings ordered by time and cut into partitions. For each
// partition after the first, both models trained on the partitions before it
// are scored (RMSE) on it; the incremental one then learns it by an update.
// Also prints the artifact size of every kind fitted on the data.
//
//   mass-bench incremental [--data PATH | --synthetic RATINGS] [--partitions N] [--factors N]
//                          [--epochs N] [--update-epochs N] [--replay N | --replay P%] [--update-lr X] [--repeat N] [--sizes]
import Foundation
import MLCore
import MLModels

func runIncrementalBenchmark(_ arguments: [String]) throws {
    let options = try IncrementalOptions(arguments)
    let loaded = try options.load()
    let data = loaded.ratings
    let times = data.times ?? data.values.indices.map { Double($0) }
    let order = data.values.indices.sorted { times[$0] != times[$1] ? times[$0] < times[$1] : $0 < $1 }
    let parts = (0..<options.partitions).map { part in
        data.subset(Array(order[(order.count * part / options.partitions)..<(order.count * (part + 1) / options.partitions)]))
    }
    let identifiers = ModelIdentifiers(users: loaded.userIDs, items: loaded.itemIDs)
    let model = MatrixFactorization(.init(factors: options.factors, epochs: options.epochs))
    let update = UpdateOptions(epochs: options.updateEpochs, learningRate: options.updateLearningRate)
    let updateRate = update.rate(fittedWith: model.parameters.learningRate)
    print(
        "\(options.source): \(data.count) ratings, \(data.userCount) users, \(data.itemCount) items, \(options.partitions) partitions by time"
    )
    print(
        "mf factors \(options.factors), epochs \(options.epochs); timings: fastest of \(options.repetitions) rounds, update and refit in turns; update: epochs \(options.updateEpochs), replay \(options.replayDescription), lr \(updateRate)"
    )
    print("step  train rows  RMSE incr  RMSE refit  diff     time incr s  time refit s  ratio")
    var trained = try TrainedModel.fit(
        model, train: parts[0], identifiers: identifiers, scale: loaded.scale, seed: 1, replay: options.replay)
    var worstDifference = 0.0, worstRatio = 0.0
    for step in 1..<options.partitions {
        let earlier = concatenate(Array(parts[0..<step]))
        let previous = trained
        // The update and the refit take turns, so that a slow second of a shared
        // machine falls on both sides rather than on all of one side's repetitions.
        let (results, seconds) = try fastestInTurns(of: options.repetitions, updating: step > 1) {
            try previous.updated(with: parts[step - 1], userIDs: loaded.userIDs, itemIDs: loaded.itemIDs, options: update)
        } refit: {
            try model.fit(train: earlier, scale: loaded.scale, seed: 1)
        }
        if let updated = results.updated { trained = updated }
        let refit = results.refit
        let (incrementalSeconds, refitSeconds) = seconds
        let test = parts[step]
        let incrementalRMSE = rmse(try trained.fitted.predict(test).values, test.values)
        let refitRMSE = rmse(try refit.predict(test).values, test.values)
        let ratio = step > 1 ? incrementalSeconds / refitSeconds : .nan
        if step > 1 {
            worstDifference = max(worstDifference, incrementalRMSE - refitRMSE)
            worstRatio = max(worstRatio, ratio)
        }
        print(
            [
                pad(String(step), 5), pad(String(earlier.count), 11), pad(String(format: "%.4f", incrementalRMSE), 10),
                pad(String(format: "%.4f", refitRMSE), 11), pad(String(format: "%+.4f", incrementalRMSE - refitRMSE), 8),
                pad(step > 1 ? String(format: "%.3f", incrementalSeconds) : "(fit)", 12),
                pad(String(format: "%.3f", refitSeconds), 13), step > 1 ? String(format: "%.3f", ratio) : "-",
            ].joined(separator: " "))
    }
    print(
        String(
            format: "worst: incremental RMSE - refit RMSE %+.4f (target < 0.01), time ratio %.3f (target < 0.2)",
            worstDifference, worstRatio))
    if options.sizes { try printArtifactSizes(data: data, identifiers: identifiers, scale: loaded.scale) }
}

/// Artifact size and encode/decode time of every persistent kind fitted on all of `data`.
private func printArtifactSizes(data: RatingSet, identifiers: ModelIdentifiers, scale: ClosedRange<Double>) throws {
    print("\nkind          artifact bytes  encode s  decode s")
    func measure<Model: PersistentModel>(_ model: Model) throws {
        let trained = try TrainedModel.fit(model, train: data, identifiers: identifiers, scale: scale, seed: 1)
        let (bytes, encodeSeconds) = timed { trained.encoded() }
        let (_, decodeSeconds) = try timed { try TrainedModel<Model>(decoding: bytes) }
        print(
            [
                pad(Model.kind, 13), pad(String(bytes.count), 15), pad(String(format: "%.4f", encodeSeconds), 9),
                String(format: "%.4f", decodeSeconds),
            ].joined(separator: " "))
    }
    try measure(GlobalMean())
    try measure(Baseline())
    try measure(MatrixFactorization())
    try measure(SVDPlusPlus())
    try measure(AlternatingLeastSquares())
    try measure(NearestNeighbours())
    try measure(SlopeOne())
    try measure(Popularity())
}

private func concatenate(_ parts: [RatingSet]) -> RatingSet {
    var result = parts[0]
    for part in parts.dropFirst() {
        result.users += part.users
        result.items += part.items
        result.values += part.values
        if let times = part.times { result.times = (result.times ?? []) + times }
    }
    return result
}

/// The results and the shortest times of `repetitions` rounds of two deterministic
/// bodies, run in turns (the update, when there is one, then the refit), so that a
/// noisy machine's stalls count against neither side alone.
private func fastestInTurns<Updated, Refit>(
    of repetitions: Int, updating: Bool, update: () throws -> Updated, refit: () throws -> Refit
) rethrows -> ((updated: Updated?, refit: Refit), (update: Double, refit: Double)) {
    var updated: Updated? = nil
    var bestUpdate = 0.0
    if updating { (updated, bestUpdate) = try timed(update) }
    let (refitted, firstRefit) = try timed(refit)
    var bestRefit = firstRefit
    for _ in 1..<max(1, repetitions) {
        if updating { bestUpdate = min(bestUpdate, try timed(update).1) }
        bestRefit = min(bestRefit, try timed(refit).1)
    }
    return ((updated, refitted), (bestUpdate, bestRefit))
}

private func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let result = try body()
    let elapsed = start.duration(to: clock.now)
    return (result, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
}

private func rmse(_ predicted: [Double], _ actual: [Double]) -> Double {
    var sum = 0.0
    for k in predicted.indices { sum += (predicted[k] - actual[k]) * (predicted[k] - actual[k]) }
    return (sum / Double(max(1, predicted.count))).squareRoot()
}

private func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }

private struct IncrementalOptions {
    var dataPath = ProcessInfo.processInfo.environment["MASS_MOVIELENS"] ?? "data/ml-100k/ml-100k.inter"
    var synthetic: Int?
    var partitions = 10
    var factors = 100
    var epochs = 20
    var updateEpochs = UpdateOptions().epochs
    var replay = ReplayPolicy.rows(10_000)
    var updateLearningRate: Double?
    var sizes = false
    /// Each timed operation runs this many times; the shortest counts.
    var repetitions = 3

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        func value(_ flag: String) throws -> String {
            guard let next = rest.popFirst() else { throw BenchmarkUsageError(message: "\(flag) needs a value") }
            return next
        }
        func integer(_ flag: String) throws -> Int {
            guard let number = Int(try value(flag)), number >= 0 else {
                throw BenchmarkUsageError(message: "\(flag) needs a count")
            }
            return number
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--data": dataPath = try value(flag)
            case "--synthetic": synthetic = try integer(flag)
            case "--partitions": partitions = max(2, try integer(flag))
            case "--factors": factors = try integer(flag)
            case "--epochs": epochs = try integer(flag)
            case "--update-epochs": updateEpochs = try integer(flag)
            case "--replay":
                // A count of rows, or a share of every row seen: 50%.
                let text = try value(flag)
                if text.hasSuffix("%"), let percent = Double(text.dropLast()), percent > 0, percent <= 100 {
                    replay = .share(percent / 100)
                } else if let rows = Int(text), rows >= 0 {
                    replay = .rows(rows)
                } else {
                    throw BenchmarkUsageError(message: "--replay needs a count of rows or a share such as 50%")
                }
            case "--update-lr":
                guard let rate = Double(try value(flag)) else { throw BenchmarkUsageError(message: "--update-lr needs a number") }
                updateLearningRate = rate
            case "--sizes": sizes = true
            case "--repeat": repetitions = max(1, try integer(flag))
            default: throw BenchmarkUsageError(message: "unknown option \(flag)")
            }
        }
    }

    var replayDescription: String {
        switch replay {
        case .rows(let rows): "\(rows) rows"
        case .share(let share): "\(share * 100)% of the rows seen"
        }
    }

    var source: String { synthetic.map { "synthetic stream of \($0) ratings" } ?? dataPath }

    func load() throws -> LoadedRatings {
        if let synthetic {
            let configuration = SyntheticRatingsConfiguration(
                users: max(100, synthetic / 100), items: max(50, synthetic / 500), ratings: synthetic, seed: 7)
            return try SyntheticRatings(configuration).loadedRatings
        }
        return try RatingFile.load(
            path: dataPath,
            options: RatingFileOptions(
                delimiter: .tab, header: .present, columns: RatingColumns(user: 0, item: 1, rating: 2, time: 3)))
    }
}
