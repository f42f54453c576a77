/// The logarithm of expected improvement, computed without underflow far from improvement
/// (Ament et al., "Unexpected Improvements to Expected Improvement for Bayesian
/// Optimization", 2023).
///
/// For minimisation with posterior mean μ and standard deviation σ at a point and incumbent
/// `best`, `z = (best − μ) / σ` and `EI = σ·h(z)` with `h(z) = φ(z) + z·Φ(z)`;
/// `log EI = log σ + log h(z)`.
enum ExpectedImprovement {
    private static let halfLogTwoPi = 0.9189385332046727  // log(2π) / 2
    private static let halfLogHalfPi = 0.2257913526447274  // log(π/2) / 2
    private static let inverseSquareRootTwo = 0.7071067811865476
    /// 1/√ε: past it, log h(z) is its asymptote.
    private static let asymptoticThreshold = -67_108_864.0

    /// log h(z), accurate for every finite z.
    static func logH(_ z: Double) -> Double {
        if z > -1 {
            return Math.log(density(z) + z * cumulative(z))
        }
        if z > asymptoticThreshold {
            let x = -z * inverseSquareRootTwo
            return -0.5 * z * z - halfLogTwoPi + log1mExp(Math.log(scaledErfc(x) * -z) + halfLogHalfPi)
        }
        return -0.5 * z * z - halfLogTwoPi - 2 * Math.log(-z)
    }

    /// d log h / dz = Φ(z) / h(z), through logarithms where h underflows.
    static func logHDerivative(_ z: Double) -> Double {
        if z > -1 {
            return cumulative(z) / (density(z) + z * cumulative(z))
        }
        return Math.exp(logCumulative(z) - logH(z))
    }

    /// log EI and its derivatives with respect to μ and σ.
    static func logEI(mean: Double, deviation: Double, best: Double) -> (value: Double, dMean: Double, dDeviation: Double) {
        let z = (best - mean) / deviation
        let value = Math.log(deviation) + logH(z)
        let ratio = logHDerivative(z)
        // dz/dμ = −1/σ, dz/dσ = −z/σ.
        return (value, -ratio / deviation, 1 / deviation - ratio * z / deviation)
    }

    /// The standard normal density.
    static func density(_ z: Double) -> Double { Math.exp(-0.5 * z * z - halfLogTwoPi) }

    /// The standard normal distribution function.
    static func cumulative(_ z: Double) -> Double { 0.5 * Math.erfc(-z * inverseSquareRootTwo) }

    /// log Φ(z), also for very negative z.
    static func logCumulative(_ z: Double) -> Double {
        if z > -1 { return Math.log(cumulative(z)) }
        let x = -z * inverseSquareRootTwo
        return Math.log(0.5 * scaledErfc(x)) - x * x
    }

    /// erfcx(x) = exp(x²)·erfc(x) for x ≥ 0, by an asymptotic series past x = 25.
    static func scaledErfc(_ x: Double) -> Double {
        if x < 25 { return Math.exp(x * x) * Math.erfc(x) }
        let inverse = 1 / (x * x)
        let series = 1 - 0.5 * inverse * (1 - 1.5 * inverse * (1 - 2.5 * inverse))
        return series / (x * 1.7724538509055159)
    }

    /// log(1 − eˣ) for x < 0, by the branch that keeps its precision.
    static func log1mExp(_ x: Double) -> Double {
        x > -0.6931471805599453 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x))
    }
}
