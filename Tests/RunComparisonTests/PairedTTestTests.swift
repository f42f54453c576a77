import Testing

@testable import RunComparison

/// The t distribution and the paired test against values from statistical tables.
@Suite struct PairedTTestTests {
    @Test(arguments: [
        // (t, degrees of freedom, upper tail) from Student's t tables.
        (2.132, 4.0, 0.05), (1.533, 4.0, 0.10), (2.776, 4.0, 0.025), (3.747, 4.0, 0.01), (1.833, 9.0, 0.05),
        (0.0, 4.0, 0.5), (-2.132, 4.0, 0.95), (6.314, 1.0, 0.05),
    ])
    func upperTailsMatchTheTables(_ row: (t: Double, df: Double, tail: Double)) {
        #expect(abs(StudentT.upperTail(row.t, degreesOfFreedom: row.df) - row.tail) < 5e-4, "t = \(row.t), df = \(row.df)")
    }

    @Test func theIncompleteBetaMatchesClosedForms() {
        // I_x(1, 1) = x; I_x(2, 1) = x²; I_x(1, 2) = 1 − (1 − x)².
        for x in [0.1, 0.35, 0.5, 0.8, 0.99] {
            #expect(abs(IncompleteBeta.regularized(x, a: 1, b: 1) - x) < 1e-12)
            #expect(abs(IncompleteBeta.regularized(x, a: 2, b: 1) - x * x) < 1e-12)
            #expect(abs(IncompleteBeta.regularized(x, a: 1, b: 2) - (1 - (1 - x) * (1 - x))) < 1e-12)
        }
    }

    @Test func aConsistentRegressionIsSignificantAndNoiseIsNot() {
        // Five folds all about 0.01 worse, margin 0.002: clearly above the margin.
        #expect(PairedTTest.pValueAbove(0.002, differences: [0.011, 0.009, 0.010, 0.012, 0.008]) < 0.001)
        // Differences that straddle zero: no evidence of a regression above the margin.
        #expect(PairedTTest.pValueAbove(0.002, differences: [0.01, -0.012, 0.004, -0.006, 0.003]) > 0.4)
        // All equal: decided without noise.
        #expect(PairedTTest.pValueAbove(0.002, differences: [0.003, 0.003, 0.003]) == 0)
        #expect(PairedTTest.pValueAbove(0.002, differences: [0.001, 0.001, 0.001]) == 1)
    }
}
