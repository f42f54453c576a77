import Testing
@testable import MLTuning

@Suite("Search space")
struct SearchSpaceTests {
    @Test(arguments: [
        Dimension.uniform(low: -1, high: 3), .logUniform(low: 1e-4, high: 10), .integer(low: -3, high: 4, log: false),
        .integer(low: 1, high: 100, log: true), .categorical(count: 5),
    ])
    func unitMappingRoundTrips(dimension: Dimension) {
        for k in 0...100 {
            let value = dimension.value(unit: Double(k) / 100)
            let back = dimension.value(unit: dimension.unit(value: value))
            if dimension.valueCount == nil {
                #expect(abs(back - value) <= 1e-12 * max(1, abs(value)))
            } else {
                #expect(back == value)
            }
        }
        #expect(dimension.value(unit: -1) == dimension.value(unit: 0))
        #expect(dimension.value(unit: 2) == dimension.value(unit: 1))
    }

    @Test func boundsAreReached() {
        #expect(Dimension.logUniform(low: 1e-4, high: 10).value(unit: 0) == 1e-4)
        #expect(Dimension.logUniform(low: 1e-4, high: 10).value(unit: 1) == 10)
        #expect(Dimension.integer(low: 1, high: 100, log: true).value(unit: 0) == 1)
        #expect(Dimension.integer(low: 1, high: 100, log: true).value(unit: 1) == 100)
        #expect(Dimension.categorical(count: 3).value(unit: 1) == 2)
    }

    @Test func validateReportsEveryProblem() {
        let space = SearchSpace([
            .uniform(low: 2, high: 1), .logUniform(low: 0, high: 1), .integer(low: 0, high: 5, log: true), .categorical(count: 0),
            .uniform(low: 0, high: 1),
        ])
        #expect {
            try space.validate()
        } throws: { error in
            guard let error = error as? TuningError else { return false }
            return error.code == .invalidSearchSpace && error.message.split(separator: "\n").count == 4
        }
        #expect(throws: Never.self) { try SearchSpace([.uniform(low: 0, high: 1), .categorical(count: 2)]).validate() }
    }
}
