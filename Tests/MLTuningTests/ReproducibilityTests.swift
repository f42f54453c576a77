import Foundation
import Testing
@testable import MLTuning

@Suite("Reproducibility")
struct ReproducibilityTests {
    static let space = SearchSpace([
        .uniform(low: -2, high: 2), .logUniform(low: 1e-3, high: 1), .integer(low: 1, high: 10, log: false),
        .categorical(count: 3),
    ])

    static func objective(_ x: Point) -> Double? {
        if x[2] == 10 { return nil }  // some trials fail
        let a = x[0] - 0.5
        let b = log10(x[1]) + 1.5
        let offsets: [Double] = [0.3, 0, 1]
        return a * a + b * b + 0.1 * x[2] + offsets[Int(x[3])]
    }

    static func strategies(seed: UInt64) -> [(String, any SearchStrategy)] {
        [
            ("grid", GridSearch(space: space, points: 3)),
            ("random", RandomSearch(space: space, seed: seed)),
            ("sobol", RandomSearch(space: space, seed: seed, design: .sobol)),
            ("latin hypercube", RandomSearch(space: space, seed: seed, design: .latinHypercube)),
            ("anneal", SimulatedAnnealing(space: space, seed: seed)),
            ("bayes", BayesianOptimization(space: space, seed: seed)),
        ]
    }

    static func bits(_ history: [Observation]) -> [UInt64] {
        history.flatMap { $0.point.map(\.bitPattern) + [$0.value?.bitPattern ?? 1] }
    }

    @Test(arguments: [1, 2] as [UInt64], [1, 3])
    func sameSeedSameBits(seed: UInt64, batch: Int) {
        let first = Self.strategies(seed: seed)
        let second = Self.strategies(seed: seed)
        let other = Self.strategies(seed: seed + 100)
        for ((name, a), ((_, b), (_, c))) in zip(first, zip(second, other)) {
            let runA = Minimize.run(a, budget: 24, batch: batch, objective: Self.objective)
            let runB = Minimize.run(b, budget: 24, batch: batch, objective: Self.objective)
            #expect(runA.count == 24, "\(name)")
            #expect(Self.bits(runA) == Self.bits(runB), "\(name)")
            #expect(runA.allSatisfy { Self.space.contains($0.point) }, "\(name)")
            if name != "grid" {
                let runC = Minimize.run(c, budget: 24, batch: batch, objective: Self.objective)
                #expect(Self.bits(runA) != Self.bits(runC), "\(name): another seed gives the same search")
            }
        }
    }

    /// A proposal depends on the history, not on earlier calls: asking again gives the same points.
    @Test func proposalsDependOnlyOnTheHistory() {
        let history = Minimize.run(RandomSearch(space: Self.space, seed: 9), budget: 12, objective: Self.objective)
        for (name, strategy) in Self.strategies(seed: 4) {
            let a = strategy.propose(history: history, count: 3)
            let b = strategy.propose(history: history, count: 3)
            #expect(a.map { $0.map(\.bitPattern) } == b.map { $0.map(\.bitPattern) }, "\(name)")
        }
    }
}
