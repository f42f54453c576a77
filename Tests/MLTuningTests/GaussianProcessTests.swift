import Foundation
import MLCore
import Testing
@testable import MLTuning

@Suite("Gaussian process and expected improvement")
struct GaussianProcessTests {
    static let space = SearchSpace([.uniform(low: 0, high: 1), .uniform(low: 0, high: 1), .categorical(count: 3)])

    /// Points in [0, extent]² × {0, 1, 2}, values of a smooth function.
    static func data(seed: UInt64, count: Int, extent: Double = 1) -> (
        encoding: InputEncoding, inputs: [Double], targets: [Double]
    ) {
        let encoding = InputEncoding(space: space)
        var generator = SeededGenerator(seed: seed)
        var inputs = [Double](repeating: 0, count: count * encoding.columns)
        var targets: [Double] = []
        for i in 0..<count {
            let point: Point = [
                extent * generator.nextUnit(), extent * generator.nextUnit(), Double(generator.nextInt(below: 3)),
            ]
            inputs.withUnsafeMutableBufferPointer { encoding.encode(point, into: $0.baseAddress! + i * encoding.columns) }
            targets.append(sin(6 * point[0]) + point[1] * point[1] + 0.3 * point[2])
        }
        return (encoding, inputs, targets)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func posteriorInterpolatesNoiselessObservations(seed: UInt64) throws {
        let (encoding, inputs, targets) = Self.data(seed: seed, count: 12, extent: 0.5)
        let parameters = KernelParameters(inverseSquaredLengthScales: [8, 8, 1], signal: 1, noise: 1e-10)
        let process = try #require(
            GaussianProcess(inputs: inputs, targets: targets, encoding: encoding, parameters: parameters, capacity: 12))
        let mean = DoubleBuffer(count: 12)
        let variance = DoubleBuffer(count: 12)
        let pool = DoubleBuffer(inputs)
        process.predict(pool.base, count: 12, mean: mean.base, variance: variance.base)
        for i in 0..<12 {
            #expect(abs(mean.base[i] - targets[i]) < 1e-5)
            #expect(variance.base[i] < 1e-6)
        }
        // Far from the data (the opposite corner) the variance is back near the prior's.
        let far = DoubleBuffer(count: encoding.columns)
        encoding.encode([1, 1, 0], into: far.base)
        let farMean = DoubleBuffer(count: 1)
        let farVariance = DoubleBuffer(count: 1)
        process.predict(far.base, count: 1, mean: farMean.base, variance: farVariance.base)
        #expect(farVariance.base[0] > 0.5)
    }

    @Test func varianceShrinksAtObservedPoints() throws {
        let (encoding, inputs, targets) = Self.data(seed: 4, count: 6)
        let parameters = KernelParameters(inverseSquaredLengthScales: [2, 2, 1], signal: 1.5, noise: 1e-4)
        let before = try #require(
            GaussianProcess(inputs: inputs, targets: targets, encoding: encoding, parameters: parameters, capacity: 7))
        let point: Point = [0.31, 0.77, 1]
        let x = DoubleBuffer(count: encoding.columns)
        encoding.encode(point, into: x.base)
        let mean = DoubleBuffer(count: 1)
        let variance = DoubleBuffer(count: 1)
        before.predict(x.base, count: 1, mean: mean.base, variance: variance.base)
        let prior = variance.base[0]
        #expect(before.append(input: x.array, target: 0.5))
        before.predict(x.base, count: 1, mean: mean.base, variance: variance.base)
        #expect(variance.base[0] < 1e-4 && variance.base[0] < prior / 100)
        #expect(abs(mean.base[0] - 0.5) < 0.01)
    }

    @Test func logExpectedImprovementIsAccurateAndFinite() {
        // log h(z) against the direct formula where it is representable.
        for z in stride(from: -20.0, through: 5.0, by: 0.25) {
            let direct = log(ExpectedImprovement.density(z) + z * ExpectedImprovement.cumulative(z))
            if z > -5 { #expect(abs(ExpectedImprovement.logH(z) - direct) < 1e-9 * max(1, abs(direct)), "z = \(z)") }
        }
        // Asymptote far from improvement: log h(z) ≈ −z²/2 − log(2π)/2 − 2 log|z|.
        for z in [-50.0, -1e3, -1e5, -1e9] {
            let asymptote = -0.5 * z * z - 0.5 * log(2 * Double.pi) - 2 * log(-z)
            #expect(abs(ExpectedImprovement.logH(z) - asymptote) < 1e-6 * abs(asymptote) + 1e-3, "z = \(z)")
        }
        // Increasing, finite, and continuous at the branch points.
        var previous = -Double.infinity
        for z in stride(from: -40.0, through: 3.0, by: 0.01) {
            let value = ExpectedImprovement.logH(z)
            #expect(value.isFinite && value > previous)
            previous = value
        }
        #expect(abs(ExpectedImprovement.logH(-1 + 1e-12) - ExpectedImprovement.logH(-1 - 1e-12)) < 1e-9)
        // Zero-ish far from improvement: the mean 30 deviations above the incumbent.
        let far = ExpectedImprovement.logEI(mean: 31, deviation: 1, best: 1)
        #expect(far.value < log(1e-150) && far.value.isFinite)
        // log h' = Φ/h against a central difference.
        for z in [-30.0, -3, -1.5, -0.5, 0, 2] {
            let h = 1e-5
            let numeric = (ExpectedImprovement.logH(z + h) - ExpectedImprovement.logH(z - h)) / (2 * h)
            #expect(abs(ExpectedImprovement.logHDerivative(z) - numeric) < 1e-5 * max(1, abs(numeric)), "z = \(z)")
        }
    }

    @Test(arguments: [5, 6] as [UInt64])
    func acquisitionGradientMatchesFiniteDifferences(seed: UInt64) throws {
        let (encoding, inputs, targets) = Self.data(seed: seed, count: 15)
        let parameters = KernelParameters(inverseSquaredLengthScales: [3, 5, 0.5], signal: 1.2, noise: 1e-3)
        let process = try #require(
            GaussianProcess(inputs: inputs, targets: targets, encoding: encoding, parameters: parameters, capacity: 15))
        let best = targets.min() ?? 0
        let x = DoubleBuffer(count: encoding.columns)
        encoding.encode([0.43, 0.58, 2], into: x.base)
        let gradient = DoubleBuffer(count: encoding.columns)
        let scratch = DoubleBuffer(count: encoding.columns)
        _ = process.logExpectedImprovement(at: x.base, best: best, gradient: gradient.base)
        for c in 0..<2 {
            let h = 1e-6
            let saved = x.base[c]
            x.base[c] = saved + h
            let up = process.logExpectedImprovement(at: x.base, best: best, gradient: scratch.base)
            x.base[c] = saved - h
            let down = process.logExpectedImprovement(at: x.base, best: best, gradient: scratch.base)
            x.base[c] = saved
            let numeric = (up - down) / (2 * h)
            #expect(abs(gradient.base[c] - numeric) < 1e-4 * max(1, abs(numeric)), "column \(c)")
        }
    }

    @Test(arguments: [7, 8] as [UInt64])
    func marginalLikelihoodGradientMatchesFiniteDifferences(seed: UInt64) {
        let (encoding, inputs, targets) = Self.data(seed: seed, count: 20)
        var objective = MarginalLikelihood(
            inputs: inputs, targets: targets, encoding: encoding, minimumNoise: 1e-6, noiseRate: 30)
        let theta: [Double] = [0.3, 1.1, -0.4, 0.2, log(0.01)]
        var gradient = [Double](repeating: 0, count: 5)
        var scratch = [Double](repeating: 0, count: 5)
        func value(_ t: [Double], _ g: inout [Double]) -> Double {
            t.withUnsafeBufferPointer { point in g.withUnsafeMutableBufferPointer { objective.evaluate(point, gradient: $0) } }
        }
        _ = value(theta, &gradient)
        for k in 0..<5 {
            let h = 1e-6
            var up = theta
            up[k] += h
            var down = theta
            down[k] -= h
            let numeric = (value(up, &scratch) - value(down, &scratch)) / (2 * h)
            #expect(abs(gradient[k] - numeric) < 1e-4 * max(1, abs(numeric)), "parameter \(k): \(gradient[k]) vs \(numeric)")
        }
    }
}
