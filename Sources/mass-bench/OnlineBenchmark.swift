import Foundation
import MLCore
import MLModels

/// Online learning over MovieLens 100k in time order: each rating predicted,
/// then learned from. Prints each model's prequential RMSE and events per
/// second (one core), and the online ensemble of baseline and mf.
///   mass-bench online PATH.inter [--factors 100] [--lr 0.05] [--reg 0] [--repeat 3]
func runOnlineBenchmark(_ arguments: [String]) throws {
    guard let path = arguments.first else { throw BenchmarkUsageError(message: "mass-bench online PATH.inter [--factors N]") }
    func option(_ name: String, _ fallback: Double) -> Double {
        guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
        return Double(arguments[index + 1]) ?? fallback
    }
    let loaded = try RatingFile.load(
        path: path,
        options: RatingFileOptions(
            delimiter: .tab, header: .present, columns: RatingColumns(user: 0, item: 1, rating: 2, time: 3)))
    let ratings = loaded.ratings
    guard let times = ratings.times else { throw BenchmarkUsageError(message: "the file needs a time column") }
    let order = OnlineStream.timeOrder(Array(0..<ratings.count), times: times)
    let truths = order.map { ratings.values[$0] }
    let repeats = Int(option("--repeat", 3))
    let settings = OnlineSettings(
        learningRate: arguments.contains("--lr") ? option("--lr", 0.05) : nil,
        reg: arguments.contains("--reg") ? option("--reg", 0) : nil,
        biasLearningRate: arguments.contains("--bias-lr") ? option("--bias-lr", 0.025) : nil,
        initStd: arguments.contains("--init-std") ? option("--init-std", 0.1) : nil)
    var mfParameters = MatrixFactorization.Parameters()
    mfParameters.factors = Int(option("--factors", 100))
    var svdppParameters = SVDPlusPlus.Parameters()
    svdppParameters.factors = Int(option("--factors", 100))
    let models: [(String, any OnlineModel)] = [
        ("global-mean", GlobalMean()), ("popularity", Popularity()), ("baseline", Baseline()),
        ("mf", MatrixFactorization(mfParameters)), ("svdpp", SVDPlusPlus(svdppParameters)),
    ]
    print("\(ratings.count) ratings of \(ratings.userCount) users and \(ratings.itemCount) items, in time order")
    print("model         rmse     events/s (best of \(repeats))")
    var streams: [String: [Double]] = [:]
    for (name, model) in models {
        var best = Double.infinity
        var predictions: [Double] = []
        for _ in 0..<max(repeats, 1) {
            let learner = try model.onlineLearner(
                userCount: ratings.userCount, itemCount: ratings.itemCount, settings: settings, seed: 42)
            let started = Date()
            predictions = OnlineStream.run(learner, ratings: ratings, order: order, batch: 1, scale: 1...5)
            best = min(best, Date().timeIntervalSince(started))
        }
        streams[name] = predictions
        print(
            name.padding(toLength: 12, withPad: " ", startingAt: 0),
            String(format: "%.4f   %10.0f", rmse(predictions, truths), Double(ratings.count) / best))
    }
    let members = [streams["baseline"] ?? [], streams["mf"] ?? []]
    for (halfLife, nonNegative) in [(1000.0, false), (10000.0, false), (1000.0, true)] {
        let started = Date()
        let combined = OnlineLeastSquares.combine(
            members: members, ratings: truths, batch: 1, halfLife: halfLife, nonNegative: nonNegative, scale: 1...5)
        let seconds = Date().timeIntervalSince(started)
        print(
            "baseline+mf, \(nonNegative ? "non-negative" : "least-squares") weights, half-life \(Int(halfLife)): rmse",
            String(
                format: "%.4f, final %@, combiner %.0f events/s", rmse(combined.values, truths),
                combined.final.coefficients.map { String(format: "%.3f", $0) }.joined(separator: " / "),
                Double(ratings.count) / seconds))
    }
    for power in [1.0, 16.0] {
        let combined = OnlineWeights.combine(
            members: members, ratings: truths, batch: 1, halfLife: 1000, power: power, scale: 1...5)
        print(
            "baseline+mf, inverse-error weights, power \(Int(power)), half-life 1000: rmse",
            String(format: "%.4f", rmse(combined.values, truths)))
    }
}

private func rmse(_ predictions: [Double], _ truths: [Double]) -> Double {
    var sum = 0.0
    for (p, t) in zip(predictions, truths) { sum += (p - t) * (p - t) }
    return (sum / Double(max(truths.count, 1))).squareRoot()
}
