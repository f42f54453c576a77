// The `implicit` suite: fit time of `ials` and `bpr` on one fold of
// MovieLens 100k (80% train), ials's achieved GFLOP/s against the
// machine's double-precision peak, and each model's ndcg@10 over the whole
// catalogue (a test rating of 4 or more is relevant; items the user rated in
// training are not ranked). bench/implicit-compare.sh runs it beside the
// Python `implicit` library on the same split.
//
//   mass-bench implicit [--data PATH] [--repeat N] [--threads N] [--write-split DIR]
//                       [--factors N] [--iterations N] [--reg X] [--alpha X] [--cg-steps N]
//                       [--bpr-factors N] [--epochs N] [--lr X] [--bpr-reg X]
import Foundation
import MLCore
import MLModels

func runImplicitBenchmark(_ arguments: [String]) throws {
    var dataPath = ProcessInfo.processInfo.environment["MASS_MOVIELENS"] ?? "data/ml-100k/ml-100k.inter"
    var repeats = 3
    var splitFolder: String?
    var ials = ImplicitALS.Parameters(), bpr = BayesianPersonalizedRanking.Parameters()
    var rest = arguments[...]
    while let flag = rest.popFirst() {
        guard let value = rest.popFirst() else { throw BenchmarkUsageError(message: "\(flag) needs a value") }
        switch flag {
        case "--data": dataPath = value
        case "--repeat": repeats = try parsed(value, flag)
        case "--threads": ials.threads = try parsed(value, flag)
        case "--write-split": splitFolder = value
        case "--factors": ials.factors = try parsed(value, flag)
        case "--iterations": ials.iterations = try parsed(value, flag)
        case "--reg": ials.reg = try parsed(value, flag)
        case "--alpha": ials.alpha = try parsed(value, flag)
        case "--cg-steps": ials.cgSteps = try parsed(value, flag)
        case "--bpr-factors": bpr.factors = try parsed(value, flag)
        case "--epochs": bpr.epochs = try parsed(value, flag)
        case "--lr": bpr.learningRate = try parsed(value, flag)
        case "--bpr-reg": bpr.reg = try parsed(value, flag)
        default: throw BenchmarkUsageError(message: "unknown option \(flag)")
        }
    }
    let data = try readRatingsTSV(dataPath)
    let assignment = foldAssignment(count: data.count, folds: 5, seed: 2024)
    let train = data.subset(assignment.indices.filter { assignment[$0] != 0 })
    let test = data.subset(assignment.indices.filter { assignment[$0] == 0 })
    if let splitFolder { try writeSplit(train: train, test: test, to: splitFolder) }
    print("MovieLens 100k, fold 1 of 5: \(train.count) training ratings, \(test.count) test ratings")

    let peak = CPUPeak.read()
    print(peak.description)
    let ialsModel = ImplicitALS(ials)
    let ialsRun = try timedFits(repeats) { try ialsModel.fit(train: train, scale: 1...5, seed: 1) }
    let flops = ialsModel.flops(users: train.userCount, items: train.itemCount, ratings: train.count)
    let rate = flops / ialsRun.seconds / 1e9
    print(
        String(
            format:
                "ials factors %d, %d iterations, reg %g, alpha %g, cg_steps %d, %d thread(s): fit %.3f s (best of %d), "
                + "%.2f GFLOP for %.2f GFLOP/s = %.1f%% of %d-thread peak %.1f; ndcg@10 %.4f",
            ials.factors, ials.iterations, ials.reg, ials.alpha, ials.cgSteps, ials.threads, ialsRun.seconds, repeats,
            flops / 1e9, rate, 100 * rate / peak.gflops(threads: ials.threads), ials.threads,
            peak.gflops(threads: ials.threads), ndcgAt10(ialsRun.fitted, train: train, test: test)))

    let bprModel = BayesianPersonalizedRanking(bpr)
    let bprRun = try timedFits(repeats) { try bprModel.fit(train: train, scale: 1...5, seed: 1) }
    print(
        String(
            format: "bpr factors %d, %d epochs, lr %g, reg %g: fit %.3f s (best of %d), %.0f updates/s; ndcg@10 %.4f",
            bpr.factors, bpr.epochs, bpr.learningRate, bpr.reg, bprRun.seconds, repeats,
            Double(train.count * bpr.epochs) / bprRun.seconds, ndcgAt10(bprRun.fitted, train: train, test: test)))
}

/// The fastest of `repeats` fits, and the last model fitted.
private func timedFits<Fitted>(_ repeats: Int, _ fit: () throws -> Fitted) throws -> (seconds: Double, fitted: Fitted) {
    var best = Double.infinity
    var last: Fitted?
    for _ in 0..<max(1, repeats) {
        let start = Date()
        last = try fit()
        best = min(best, Date().timeIntervalSince(start))
    }
    guard let last else { throw BenchmarkUsageError(message: "no fit ran") }
    return (best, last)
}

/// Mean ndcg@10 over users with a relevant test item (rating ≥ 4), every
/// item they did not rate in training ranked by the model's scores.
private func ndcgAt10(_ fitted: some ItemRankingScores, train: RatingSet, test: RatingSet) -> Double {
    var trained = [Set<Int32>](repeating: [], count: train.userCount)
    for k in 0..<train.count { trained[Int(train.users[k])].insert(train.items[k]) }
    var relevant = [Set<Int32>](repeating: [], count: train.userCount)
    for k in 0..<test.count where test.values[k] >= 4 && Int(test.users[k]) < train.userCount {
        relevant[Int(test.users[k])].insert(test.items[k])
    }
    let users = (0..<train.userCount).filter { !relevant[$0].isEmpty }.map { Int32($0) }
    var scores: [Double] = []
    fitted.rankingScores(users: users, itemCount: train.itemCount, into: &scores)
    var total = 0.0
    for (row, user) in users.enumerated() {
        let candidates = (0..<train.itemCount).filter { !trained[Int(user)].contains(Int32($0)) }
        let top = candidates.sorted { (a, b) in
            let (x, y) = (scores[row * train.itemCount + a], scores[row * train.itemCount + b])
            return x != y ? x > y : a < b
        }.prefix(10)
        var gain = 0.0, ideal = 0.0
        for (rank, item) in top.enumerated() where relevant[Int(user)].contains(Int32(item)) {
            gain += 1 / log2(Double(rank) + 2)
        }
        for rank in 0..<min(10, relevant[Int(user)].count) { ideal += 1 / log2(Double(rank) + 2) }
        total += gain / ideal
    }
    return total / Double(max(1, users.count))
}

/// train.tsv and test.tsv of dense user and item indices and ratings, for the Python comparison.
private func writeSplit(train: RatingSet, test: RatingSet, to folder: String) throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for (name, part) in [("train.tsv", train), ("test.tsv", test)] {
        var text = "user\titem\trating\n"
        for k in 0..<part.count { text += "\(part.users[k])\t\(part.items[k])\t\(part.values[k])\n" }
        try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
    }
    print("wrote \(folder)/train.tsv and test.tsv (\(train.userCount) users, \(train.itemCount) items)")
}

/// The machine's double-precision peak, estimated from /proc/cpuinfo as
/// cores × GHz × 16 FLOP per cycle (two 4-lane AVX2 FMA units).
private struct CPUPeak: CustomStringConvertible {
    let cores: Int
    let gigahertz: Double
    let model: String
    static let flopsPerCycle = 16.0

    static func read() -> CPUPeak {
        let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n")
        func field(_ name: String) -> String? {
            lines.first { $0.hasPrefix(name) }.flatMap { $0.split(separator: ":", maxSplits: 1).last }
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let megahertz = field("cpu MHz").flatMap(Double.init) ?? 0
        return CPUPeak(
            cores: ProcessInfo.processInfo.activeProcessorCount, gigahertz: megahertz / 1000,
            model: field("model name") ?? "unknown")
    }

    func gflops(threads: Int) -> Double { Double(min(threads, cores)) * gigahertz * Self.flopsPerCycle }

    var description: String {
        String(
            format: "%@, %d cores at %.2f GHz: double-precision peak %.1f GFLOP/s (cores × GHz × 16, AVX2 FMA)", model,
            cores, gigahertz, gflops(threads: cores))
    }
}

private func parsed<T: LosslessStringConvertible>(_ text: String, _ flag: String) throws -> T {
    guard let value = T(text) else { throw BenchmarkUsageError(message: "\(flag): not a number: \(text)") }
    return value
}
