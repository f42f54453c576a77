// The `tuning` suite: simple regret of the MLTuning strategies on standard test functions
// over many seeds, and each strategy's own time per trial (the objective excluded).
//
//   mass-bench tuning [--seeds N] [--budgets 50,100] [--only branin,hartmann6,rosenbrock5,mixed]
//                     [--strategies random,sobol,lhs,anneal,bayes,grid] [--timing-dimensions D]
//                     [--timing-trials 100,200]
import Foundation
import MLTuning

func runTuningBenchmark(_ arguments: [String]) throws {
    let options = try TuningOptions(arguments)
    let largest = options.budgets.max() ?? 100
    print("simple regret over \(options.seeds) seeds (median [q25, q75]); ms/trial = the strategy's own time per trial")
    print(
        "function      strategy   budget   median regret   interquartile range       ms/trial")
    for problem in TestProblem.all where options.only.isEmpty || options.only.contains(problem.name) {
        for name in options.strategies {
            var regrets = [[Double]](repeating: [], count: options.budgets.count)
            var milliseconds = [[Double]](repeating: [], count: options.budgets.count)
            if name == "grid" {
                // Deterministic: one run per budget, with as many points per axis as fit the budget.
                for (b, budget) in options.budgets.enumerated() {
                    guard let grid = gridFitting(problem.space, budget: budget) else { continue }
                    let run = timedRun(grid, problem: problem, budget: budget)
                    regrets[b].append(run.regret(after: budget))
                    milliseconds[b].append(run.milliseconds(upTo: budget))
                }
            } else {
                for seed in 1...UInt64(options.seeds) {
                    guard let strategy = makeStrategy(name, space: problem.space, seed: seed) else { continue }
                    let run = timedRun(strategy, problem: problem, budget: largest)
                    for (b, budget) in options.budgets.enumerated() {
                        regrets[b].append(run.regret(after: budget))
                        milliseconds[b].append(run.milliseconds(upTo: budget))
                    }
                }
            }
            for (b, budget) in options.budgets.enumerated() where !regrets[b].isEmpty {
                let sorted = regrets[b].sorted()
                let line = [
                    problem.name.padding(toLength: 13, withPad: " ", startingAt: 0),
                    name.padding(toLength: 10, withPad: " ", startingAt: 0),
                    String(budget).padding(toLength: 8, withPad: " ", startingAt: 0),
                    String(format: "%.3g", quantile(sorted, 0.5)).padding(toLength: 15, withPad: " ", startingAt: 0),
                    String(format: "[%.3g, %.3g]", quantile(sorted, 0.25), quantile(sorted, 0.75))
                        .padding(toLength: 25, withPad: " ", startingAt: 0),
                    String(format: "%.3f", quantile(milliseconds[b].sorted(), 0.5)),
                ].joined(separator: " ")
                print(line)
            }
        }
    }
    if let dimensions = options.timingDimensions {
        try runTuningTiming(dimensions: dimensions, trials: options.timingTrials, seeds: min(options.seeds, 3))
    }
}

/// Time of one `bayes` proposal with `n` trials in the history, in `dimensions` dimensions,
/// averaged over the proposals from n − 4 to n (Rosenbrock values on [-2, 2]^d).
private func runTuningTiming(dimensions: Int, trials: [Int], seeds: Int) throws {
    let space = SearchSpace(Array(repeating: .uniform(low: -2, high: 2), count: dimensions))
    let problem = TestProblem(name: "rosenbrock\(dimensions)", space: space, optimum: 0) { rosenbrock($0) }
    let largest = trials.max() ?? 200
    print("bayes, \(dimensions) dimensions: ms per proposal with n trials in the history (mean of n-4...n, \(seeds) seeds)")
    var sums = [Double](repeating: 0, count: trials.count)
    for seed in 1...UInt64(max(seeds, 1)) {
        let run = timedRun(BayesianOptimization(space: space, seed: seed), problem: problem, budget: largest + 1)
        for (t, n) in trials.enumerated() {
            let window = run.proposalMilliseconds[max(n - 4, 0)...min(n, largest)]
            sums[t] += window.reduce(0, +) / Double(window.count)
        }
    }
    for (t, n) in trials.enumerated() {
        print(String(format: "  n = %4d: %8.2f ms", n, sums[t] / Double(max(seeds, 1))))
    }
}

private struct TimedRun {
    /// The best value after each trial, minus the optimum.
    var regrets: [Double]
    /// The strategy's time for the proposal of each trial.
    var proposalMilliseconds: [Double]

    func regret(after budget: Int) -> Double { regrets[min(budget, regrets.count) - 1] }

    func milliseconds(upTo budget: Int) -> Double {
        let slice = proposalMilliseconds.prefix(budget)
        return slice.reduce(0, +) / Double(max(slice.count, 1))
    }
}

private func timedRun(_ strategy: any SearchStrategy, problem: TestProblem, budget: Int) -> TimedRun {
    var history: [Observation] = []
    var regrets: [Double] = []
    var times: [Double] = []
    var best = Double.infinity
    let clock = ContinuousClock()
    while history.count < budget {
        var points: [Point] = []
        let elapsed = clock.measure { points = strategy.propose(history: history, count: 1) }
        guard let point = points.first else { break }
        times.append(Double(elapsed.components.attoseconds) * 1e-15 + Double(elapsed.components.seconds) * 1e3)
        let value = problem.objective(point)
        history.append(Observation(point: point, value: value))
        best = min(best, value)
        regrets.append(best - problem.optimum)
    }
    while regrets.count < budget { regrets.append(regrets.last ?? .infinity) }
    return TimedRun(regrets: regrets, proposalMilliseconds: times)
}

private func makeStrategy(_ name: String, space: SearchSpace, seed: UInt64) -> (any SearchStrategy)? {
    switch name {
    case "random": return RandomSearch(space: space, seed: seed)
    case "sobol": return RandomSearch(space: space, seed: seed, design: .sobol)
    case "lhs": return RandomSearch(space: space, seed: seed, design: .latinHypercube, block: 50)
    case "anneal": return SimulatedAnnealing(space: space, seed: seed)
    case "bayes": return BayesianOptimization(space: space, seed: seed)
    default: return nil
    }
}

/// The finest grid (same points per axis) whose size fits the budget; nil when even 2 points
/// per axis do not.
private func gridFitting(_ space: SearchSpace, budget: Int) -> GridSearch? {
    var chosen: GridSearch?
    for points in 2...64 {
        let grid = GridSearch(space: space, points: points)
        if grid.size > budget { break }
        chosen = grid
    }
    return chosen
}

private func quantile(_ sorted: [Double], _ q: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let position = q * Double(sorted.count - 1)
    let low = Int(position.rounded(.down))
    let high = min(low + 1, sorted.count - 1)
    return sorted[low] + (position - Double(low)) * (sorted[high] - sorted[low])
}

private struct TestProblem: Sendable {
    var name: String
    var space: SearchSpace
    var optimum: Double
    var objective: @Sendable (Point) -> Double

    static let all: [TestProblem] = [
        TestProblem(
            name: "branin", space: SearchSpace([.uniform(low: -5, high: 10), .uniform(low: 0, high: 15)]),
            optimum: 0.397887357729738, objective: branin),
        TestProblem(
            name: "hartmann6", space: SearchSpace(Array(repeating: .uniform(low: 0, high: 1), count: 6)),
            optimum: -3.322368011415515, objective: hartmann6),
        TestProblem(
            name: "rosenbrock5", space: SearchSpace(Array(repeating: .uniform(low: -2, high: 2), count: 5)),
            optimum: 0, objective: rosenbrock),
        TestProblem(
            name: "mixed",
            space: SearchSpace([
                .logUniform(low: 1e-4, high: 1), .logUniform(low: 1e-2, high: 1e2), .integer(low: 1, high: 10, log: false),
                .categorical(count: 3),
            ]), optimum: 0, objective: mixed),
    ]
}

private func branin(_ x: Point) -> Double {
    let b = 5.1 / (4 * Double.pi * Double.pi)
    let c = 5 / Double.pi
    let t = 1 / (8 * Double.pi)
    let u = x[1] - b * x[0] * x[0] + c * x[0] - 6
    return u * u + 10 * (1 - t) * cos(x[0]) + 10
}

private func hartmann6(_ x: Point) -> Double {
    let alpha = [1.0, 1.2, 3.0, 3.2]
    let a: [[Double]] = [
        [10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14],
    ]
    let p: [[Double]] = [
        [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
        [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
    ]
    var sum = 0.0
    for i in 0..<4 {
        var inner = 0.0
        for j in 0..<6 { inner += a[i][j] * (x[j] - p[i][j]) * (x[j] - p[i][j]) }
        sum += alpha[i] * exp(-inner)
    }
    return -sum
}

private func rosenbrock(_ x: Point) -> Double {
    var sum = 0.0
    for i in 0..<(x.count - 1) {
        sum += 100 * (x[i + 1] - x[i] * x[i]) * (x[i + 1] - x[i] * x[i]) + (1 - x[i]) * (1 - x[i])
    }
    return sum
}

/// lr log-scale on [1e-4, 1], wd log-scale on [1e-2, 1e2], n in 1...10, kind in {a, b, c}.
private func mixed(_ x: Point) -> Double {
    let offsets = [0.5, 0, 1]
    let lr = log10(x[0]) + 2.5
    let wd = log10(x[1]) - 0.7
    return lr * lr + wd * wd + 0.1 * (x[2] - 7) * (x[2] - 7) + offsets[Int(x[3])]
}

private struct TuningOptions {
    var seeds = 20
    var budgets = [50, 100]
    var only: Set<String> = []
    var strategies = ["random", "anneal", "bayes", "grid"]
    var timingDimensions: Int?
    var timingTrials = [100, 200]

    init(_ arguments: [String]) throws {
        var remaining = arguments[...]
        while let flag = remaining.popFirst() {
            guard let value = remaining.popFirst() else { throw BenchmarkUsageError(message: "\(flag) needs a value") }
            switch flag {
            case "--seeds": seeds = try Self.integer(value, flag)
            case "--budgets": budgets = try value.split(separator: ",").map { try Self.integer(String($0), flag) }
            case "--only": only = Set(value.split(separator: ",").map(String.init))
            case "--strategies": strategies = value.split(separator: ",").map(String.init)
            case "--timing-dimensions": timingDimensions = try Self.integer(value, flag)
            case "--timing-trials": timingTrials = try value.split(separator: ",").map { try Self.integer(String($0), flag) }
            default: throw BenchmarkUsageError(message: "unknown option \(flag)")
            }
        }
        if budgets.isEmpty || budgets.contains(where: { $0 < 1 }) || seeds < 1 {
            throw BenchmarkUsageError(message: "--seeds and --budgets must be positive")
        }
    }

    private static func integer(_ text: String, _ flag: String) throws -> Int {
        guard let value = Int(text) else { throw BenchmarkUsageError(message: "\(flag) expects an integer, got '\(text)'") }
        return value
    }
}
