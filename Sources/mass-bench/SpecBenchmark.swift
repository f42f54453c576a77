import Foundation
import PipelineKinds
import PipelineSpec

/// Parses and validates a generated pipeline with many models and a large
/// search space; prints the median wall time of several runs.
///   mass-bench spec [--models N] [--dimensions D] [--runs R]
func runSpecBenchmark(_ arguments: [String]) throws {
    let models = integerOption("--models", in: arguments) ?? 1000
    let dimensions = integerOption("--dimensions", in: arguments) ?? 50
    let runs = integerOption("--runs", in: arguments) ?? 15
    let text = generatedPipeline(models: models, dimensions: dimensions)
    let loader = PipelineLoader(registry: Kinds.registry, environment: [:])

    var times: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        let loaded = loader.load(text: text, file: "generated.yaml")
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        guard loaded.spec != nil else {
            throw BenchmarkFailure("the generated pipeline is invalid: \(loaded.diagnostics.first?.message ?? "?")")
        }
        times.append(elapsed)
    }
    times.sort()
    let lines = text.split(separator: "\n").count
    print("spec: \(models) models, \(dimensions)-dimensional search space, \(lines) lines, \(text.utf8.count) bytes")
    print(
        String(
            format: "parse + validate: median %.1f ms, min %.1f ms, max %.1f ms over %d runs (target < 50 ms)",
            times[times.count / 2], times[0], times[times.count - 1], runs))
}

private func generatedPipeline(models: Int, dimensions: Int) -> String {
    var lines = [
        "mass: 1", "name: generated", "seed: 7", "params:", "  factors: 32",
        "data:", "  ratings:", "    synthetic: {users: 1000, items: 1000, ratings: 100000}",
        "split: {method: kfold, folds: 5, validation: 0.1}", "models:",
    ]
    let kinds = ["mf", "baseline", "knn", "svdpp", "als"]
    for index in 0..<models {
        switch kinds[index % kinds.count] {
        case "mf": lines.append("  m\(index): {kind: mf, factors: \"${params.factors}\", epochs: 20, lr: 0.005, reg: 0.02}")
        case "baseline": lines.append("  m\(index): {kind: baseline, method: als, reg_user: 15, reg_item: 10}")
        case "knn": lines.append("  m\(index): {kind: knn, neighbours: items, k: 40, similarity: pearson_baseline}")
        case "svdpp": lines.append("  m\(index): {kind: svdpp, factors: 20, epochs: 20}")
        default: lines.append("  m\(index): {kind: als, factors: 50, reg: 0.1}")
        }
    }
    lines += [
        "combine:", "  method: stacking", "  meta: {kind: ridge, alpha: 1.0}",
        "search:", "  method: bayes", "  trials: 40", "  objective: {metric: rmse, goal: minimize}", "  space:",
    ]
    for index in 0..<dimensions {
        let model = (index * 5) % models  // an mf model
        lines.append(
            index % 2 == 0
                ? "    models.m\(model).lr: loguniform(0.001, 0.05)"
                : "    models.m\(model).factors: int(16, 256, log)")
    }
    lines += ["evaluate:", "  metrics: [rmse, mae, ndcg@10]", "  gates: {rmse: {max: 0.95}}"]
    return lines.joined(separator: "\n") + "\n"
}

func integerOption(_ name: String, in arguments: [String]) -> Int? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return Int(arguments[index + 1])
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
