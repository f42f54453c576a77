import Testing
@testable import MLTuning

@Suite("Grid search")
struct GridSearchTests {
    let space = SearchSpace([.uniform(low: 0, high: 1), .integer(low: 1, high: 2, log: false), .categorical(count: 2)])

    @Test func enumeratesTheCartesianProductInOrder() {
        let grid = GridSearch(space: space, points: 3)
        let expected: [Point] = [
            [0, 1, 0], [0, 1, 1], [0, 2, 0], [0, 2, 1],
            [0.5, 1, 0], [0.5, 1, 1], [0.5, 2, 0], [0.5, 2, 1],
            [1, 1, 0], [1, 1, 1], [1, 2, 0], [1, 2, 1],
        ]
        #expect(grid.size == 12)
        #expect(grid.propose(history: [], count: 100) == expected)
    }

    @Test func skipsSeenPointsAndStopsWhenExhausted() {
        let grid = GridSearch(space: space, points: 3)
        var history: [Observation] = []
        var batches = 0
        while true {
            let batch = grid.propose(history: history, count: 5)
            if batch.isEmpty { break }
            #expect(batch.count == min(5, 12 - history.count))
            history += batch.map { Observation(point: $0, value: $0[0]) }
            batches += 1
        }
        #expect(batches == 3)
        #expect(Set(history.map(\.point)).count == 12)
        #expect(grid.propose(history: history, count: 1).isEmpty)
        // A point evaluated out of order is skipped, not repeated.
        let first = grid.propose(history: [Observation(point: [0, 1, 0], value: nil)], count: 1)
        #expect(first == [[0, 1, 1]])
    }

    @Test func axisValues() {
        #expect(
            GridSearch.values(of: .logUniform(low: 1e-3, high: 1e1), points: 5).map { ($0 * 1e6).rounded() / 1e6 } == [
                0.001, 0.01, 0.1, 1, 10,
            ])
        #expect(GridSearch.values(of: .integer(low: 1, high: 3, log: false), points: 5) == [1, 2, 3])
        #expect(GridSearch.values(of: .integer(low: 0, high: 100, log: false), points: 5) == [0, 25, 50, 75, 100])
        #expect(GridSearch.values(of: .integer(low: 1, high: 1000, log: true), points: 4) == [1, 10, 100, 1000])
        // Rounding in log space would repeat small values; repeats are dropped.
        #expect(GridSearch.values(of: .integer(low: 1, high: 8, log: true), points: 6) == [1, 2, 3, 5, 8])
        #expect(GridSearch.values(of: .categorical(count: 4), points: 2) == [0, 1, 2, 3])
        #expect(GridSearch.values(of: .uniform(low: 2, high: 4), points: 1) == [3])
    }
}
