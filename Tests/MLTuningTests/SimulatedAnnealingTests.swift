import Testing
@testable import MLTuning

@Suite("Simulated annealing")
struct SimulatedAnnealingTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func neverLeavesTheBounds(seed: UInt64) {
        let space = SearchSpace([
            .uniform(low: -1, high: 1), .logUniform(low: 1e-3, high: 10), .integer(low: 0, high: 4, log: false),
            .integer(low: 1, high: 64, log: true), .categorical(count: 4),
        ])
        // Optimum on the boundary, so that the steps keep pushing outwards.
        let history = Minimize.run(SimulatedAnnealing(space: space, seed: seed), budget: 300, batch: 3) { x in
            -x[0] - x[1] - x[2] + (x[3] == 64 ? -1 : 0) + (x[4] == 3 ? -1 : 0)
        }
        #expect(history.count == 300)
        #expect(history.allSatisfy { space.contains($0.point) })
        // Categorical and integer values change during the search.
        #expect(Set(history.map { $0.point[4] }).count == 4)
        #expect(Set(history.map { $0.point[2] }).count >= 3)
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func improvesOnAQuadratic(seed: UInt64) throws {
        let space = SearchSpace(Array(repeating: .uniform(low: -5, high: 5), count: 4))
        func sphere(_ x: Point) -> Double { x.reduce(0) { $0 + ($1 - 1) * ($1 - 1) } }
        let annealed = Minimize.run(SimulatedAnnealing(space: space, seed: seed), budget: 150, objective: sphere)
        let random = Minimize.run(RandomSearch(space: space, seed: seed), budget: 150, objective: sphere)
        let best = try #require(Minimize.best(annealed)?.value)
        let randomBest = try #require(Minimize.best(random)?.value)
        // Random search gets to ~1–4 here; annealing's steps shrink onto the minimum.
        #expect(best < 0.05, "annealing \(best)")
        #expect(best < randomBest / 10, "annealing \(best), random \(randomBest)")
        // The current point is only ever replaced by a better one once the temperature is low.
        let values = annealed.compactMap(\.value)
        #expect(values[100...].min() ?? .infinity <= values[..<50].min() ?? 0)
    }

    @Test func failedTrialsAreNeverTheCurrentPoint() {
        let space = SearchSpace([.uniform(low: 0, high: 1), .uniform(low: 0, high: 1)])
        let strategy = SimulatedAnnealing(space: space, seed: 5, patience: 3)
        var history = [Observation(point: [0.5, 0.5], value: 1)]
        history += (0..<12).map { i in Observation(point: [0.05 * Double(i), 0.9], value: nil) }
        let state = strategy.replay(history)
        #expect(state.current == space.unit(of: [0.5, 0.5]))
        #expect(state.bestValue == 1)
    }
}
