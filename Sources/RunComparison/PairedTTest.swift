import Foundation

/// The one-sided paired t-test a regression gate uses over folds: the folds
/// are the same rows with the same seed on both sides, so each fold's
/// difference is one paired observation.
enum PairedTTest {
    /// The p-value of H0 "the mean difference is at most `margin`" against
    /// H1 "it is larger", from the per-fold `differences` (Student's t with n − 1
    /// degrees of freedom). Differences all equal decide without noise: 0 when
    /// they exceed the margin, 1 otherwise.
    static func pValueAbove(_ margin: Double, differences: [Double]) -> Double {
        let n = Double(differences.count)
        let mean = differences.reduce(0, +) / n
        let variance = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        // Differences equal up to rounding carry no noise to test.
        let scale = max(abs(mean), abs(margin), 1e-300)
        guard variance.squareRoot() > 1e-12 * scale else { return mean > margin ? 0 : 1 }
        let t = (mean - margin) / (variance / n).squareRoot()
        return StudentT.upperTail(t, degreesOfFreedom: n - 1)
    }
}

/// Student's t distribution, through the regularized incomplete beta function.
enum StudentT {
    /// P(T > t) for `degreesOfFreedom` ν.
    static func upperTail(_ t: Double, degreesOfFreedom ν: Double) -> Double {
        let x = ν / (ν + t * t)
        let tail = 0.5 * IncompleteBeta.regularized(x, a: ν / 2, b: 0.5)
        return t > 0 ? tail : 1 - tail
    }
}

/// The regularized incomplete beta function I_x(a, b), by Lentz's continued
/// fraction (the standard method: it converges fast for x < (a + 1) / (a + b + 2),
/// and the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) covers the rest).
enum IncompleteBeta {
    static func regularized(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta: Double = lgamma(a) + lgamma(b) - lgamma(a + b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let logFront = logPowers - logBeta
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * continuedFraction(1 - x, a: b, b: a) / b
    }

    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300, epsilon = 1e-15
        var c = 1.0
        var d = 1.0 - (a + b) * x / (a + 1.0)
        if abs(d) < tiny { d = tiny }
        d = 1.0 / d
        var h = d
        for step in 1...300 {
            let m = Double(step)
            let m2 = 2.0 * m
            // The even term, then the odd one, of the continued fraction.
            let even: Double = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2))
            d = 1.0 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1.0 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1.0 / d
            h *= d * c
            let odd: Double = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0))
            d = 1.0 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1.0 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1.0 / d
            let change = d * c
            h *= change
            if abs(change - 1.0) < epsilon { break }
        }
        return h
    }
}
