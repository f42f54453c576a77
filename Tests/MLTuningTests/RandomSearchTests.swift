import Foundation
import Testing
@testable import MLTuning

@Suite("Random search")
struct RandomSearchTests {
    let space = SearchSpace([
        .uniform(low: -1, high: 3), .logUniform(low: 1e-4, high: 1), .integer(low: 2, high: 6, log: false),
        .integer(low: 1, high: 1000, log: true), .categorical(count: 3),
    ])

    @Test(arguments: RandomSearch.Design.allCases, [1, 7, 42] as [UInt64])
    func reproducibleAndInBounds(design: RandomSearch.Design, seed: UInt64) {
        let strategy = RandomSearch(space: space, seed: seed, design: design)
        let a = strategy.propose(history: [], count: 200)
        let b = strategy.propose(history: [], count: 200)
        #expect(a.count == 200)
        #expect(a == b)
        #expect(a.allSatisfy(space.contains))
        let other = RandomSearch(space: space, seed: seed + 1, design: design).propose(history: [], count: 200)
        #expect(other != a)
    }

    /// Uniform and Sobol' points depend on their position in the search, not on the batching.
    @Test(arguments: [RandomSearch.Design.uniform, .sobol])
    func batchingDoesNotChangeThePoints(design: RandomSearch.Design) {
        let strategy = RandomSearch(space: space, seed: 3, design: design)
        let whole = strategy.propose(history: [], count: 12)
        var history: [Observation] = []
        for size in [1, 4, 2, 5] {
            history += strategy.propose(history: history, count: size).map { Observation(point: $0, value: 0) }
        }
        #expect(history.map(\.point) == whole)
    }

    @Test(arguments: [11, 12, 13] as [UInt64])
    func logDimensionsAreUniformInLogSpace(seed: UInt64) {
        let points = RandomSearch(space: space, seed: seed).propose(history: [], count: 4000)
        let logs = points.map { log10($0[1]) }.sorted()
        // log10 of the value is uniform on [-4, 0]: quartiles at -3, -2, -1 (standard error ~0.03).
        #expect(abs(logs[1000] + 3) < 0.12)
        #expect(abs(logs[2000] + 2) < 0.12)
        #expect(abs(logs[3000] + 1) < 0.12)
        #expect(logs.first ?? -5 >= -4 && logs.last ?? 1 <= 0)
        // Log integers: uniform in log space over [0.5, 1000.5], so 1...9 take log(19)/log(2001) of
        // the points, 10...99 log(99.5/9.5)/log(2001), 100...999 log(999.5/99.5)/log(2001).
        let decades = points.map { Int(log10($0[3] + 0.5)) }
        for (decade, expected) in [0.387, 0.309, 0.303].enumerated() {
            let share = Double(decades.filter { $0 == decade }.count) / 4000
            #expect(abs(share - expected) < 0.03, "decade \(decade): \(share)")
        }
        // Categorical and integer values get their share.
        for value in 0..<3 {
            let share = Double(points.filter { $0[4] == Double(value) }.count) / 4000
            #expect(abs(share - 1.0 / 3.0) < 0.04)
        }
    }

    @Test(arguments: [5, 17, 64])
    func latinHypercubeStratifiesEachBatch(count: Int) {
        let strategy = RandomSearch(
            space: SearchSpace([.uniform(low: 0, high: 1), .uniform(low: 10, high: 20), .logUniform(low: 1, high: 100)]), seed: 9,
            design: .latinHypercube)
        let points = strategy.propose(history: [Observation(point: [0, 10, 1], value: 1)], count: count)
        #expect(Self.isLatinHypercube(points, space: strategy.space))
    }

    @Test func latinHypercubeBlocksIgnoreTheBatching() {
        let space = SearchSpace([.uniform(low: 0, high: 1), .uniform(low: 0, high: 1)])
        let strategy = RandomSearch(space: space, seed: 4, design: .latinHypercube, block: 10)
        var history: [Observation] = []
        while history.count < 30 {
            history += strategy.propose(history: history, count: 3).prefix(30 - history.count).map {
                Observation(point: $0, value: 0)
            }
        }
        for block in 0..<3 {
            #expect(Self.isLatinHypercube(Array(history[(block * 10)..<(block * 10 + 10)].map(\.point)), space: space))
        }
        #expect(history.map(\.point) == strategy.propose(history: [], count: 30))
    }

    static func isLatinHypercube(_ points: [Point], space: SearchSpace) -> Bool {
        let n = points.count
        for d in 0..<space.count {
            let strata = Set(points.map { min(Int(space.unit(of: $0)[d] * Double(n)), n - 1) })
            if strata.count != n { return false }
        }
        return true
    }
}
