// Benchmarks for release builds, run by the scripts under bench/:
//   swift run -c release mass-bench <suite> [options]
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let suites: [String: ([String]) throws -> Void] = [
    "load": runLoadBenchmark,
    "models": runModelBenchmark,
    "cache": runCacheBenchmark,
    "spec": runSpecBenchmark,
    "tuning": runTuningBenchmark,
    "incremental": runIncrementalBenchmark,
    "online": runOnlineBenchmark,
    "autorec": runAutoRecBenchmark,
    "knn-large": runKnnLargeBenchmark,
    "scoring": runScoringBenchmark,
    "implicit": runImplicitBenchmark,
]

guard let name = arguments.first, let suite = suites[name] else {
    let names = suites.keys.sorted().joined(separator: " | ")
    FileHandle.standardError.write(Data("usage: mass-bench <\(names)> [options]\n".utf8))
    exit(64)
}
do {
    try suite(Array(arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("mass-bench \(name): \(error)\n".utf8))
    exit(1)
}
