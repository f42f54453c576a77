import Foundation
import Testing
@testable import MLTuning

@Suite("Bayesian optimisation")
struct BayesianOptimizationTests {
    static let branin = SearchSpace([.uniform(low: -5, high: 10), .uniform(low: 0, high: 15)])

    static func branin(_ x: Point) -> Double {
        let b = 5.1 / (4 * Double.pi * Double.pi)
        let u = x[1] - b * x[0] * x[0] + 5 / Double.pi * x[0] - 6
        return u * u + 10 * (1 - 1 / (8 * Double.pi)) * cos(x[0]) + 10 - 0.397887357729738
    }

    @Test func beatsRandomSearchOnBranin() throws {
        var bayes: [Double] = []
        var random: [Double] = []
        for seed in 1...4 as ClosedRange<UInt64> {
            let run = Minimize.run(BayesianOptimization(space: Self.branin, seed: seed), budget: 30, objective: Self.branin)
            let baseline = Minimize.run(RandomSearch(space: Self.branin, seed: seed), budget: 30, objective: Self.branin)
            bayes.append(try #require(Minimize.best(run)?.value))
            random.append(try #require(Minimize.best(baseline)?.value))
        }
        // Random search reaches ~1 in 30 evaluations; the GP gets within 0.05 of the optimum every time.
        #expect(bayes.allSatisfy { $0 < 0.05 }, "\(bayes)")
        #expect(bayes.sorted()[1] < random.sorted()[1] / 20, "bayes \(bayes), random \(random)")
    }

    @Test(arguments: [1, 2] as [UInt64])
    func constantLiarBatchHoldsDistinctPoints(seed: UInt64) {
        let space = SearchSpace([.uniform(low: -5, high: 10), .uniform(low: 0, high: 15), .integer(low: 1, high: 4, log: false)])
        let strategy = BayesianOptimization(space: space, seed: seed)
        let history = Minimize.run(RandomSearch(space: space, seed: seed), budget: 10) { Self.branin($0) + $0[2] }
        let batch = strategy.propose(history: history, count: 6)
        #expect(batch.count == 6)
        #expect(batch.allSatisfy(space.contains))
        let seen = Set(history.map(\.point))
        #expect(batch.allSatisfy { !seen.contains($0) })
        for i in 0..<batch.count {
            for j in 0..<i {
                let a = space.unit(of: batch[i])
                let b = space.unit(of: batch[j])
                let distance = zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
                #expect(distance > 1e-3, "points \(j) and \(i) of the batch coincide")
            }
        }
    }

    /// A discrete space with fewer points than the budget: no point is proposed twice.
    @Test func neverRepeatsAPointOfADiscreteSpace() {
        let space = SearchSpace([.integer(low: 0, high: 3, log: false), .categorical(count: 3)])
        let history = Minimize.run(BayesianOptimization(space: space, seed: 3), budget: 12, batch: 2) { x in
            (x[0] - 2) * (x[0] - 2) + x[1]
        }
        #expect(Set(history.map(\.point)).count == 12)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func failedTrialsAreNeverTakenForGoodOnes(seed: UInt64) throws {
        // Fails right of x = 0.6 — where the unconstrained minimum would be.
        let space = SearchSpace([.uniform(low: 0, high: 1), .uniform(low: 0, high: 1)])
        let history = Minimize.run(BayesianOptimization(space: space, seed: seed), budget: 30) { x in
            x[0] > 0.6 ? nil : (x[0] - 0.8) * (x[0] - 0.8) + (x[1] - 0.5) * (x[1] - 0.5)
        }
        let best = try #require(Minimize.best(history))
        #expect(best.value != nil && best.point[0] <= 0.6)
        #expect(abs(best.point[0] - 0.6) < 0.05 && abs(best.point[1] - 0.5) < 0.05, "\(best.point)")
        #expect(Set(history.map(\.point)).count == history.count)
        // Failures teach the model to stay away: most of the later trials succeed.
        let late = history[15...].filter { $0.value == nil }.count
        #expect(late <= 7, "\(late) failures among the last 15 trials")
    }
}
