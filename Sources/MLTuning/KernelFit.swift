import MLCore

/// The negative log marginal likelihood of standardised targets under the Matérn 5/2 kernel,
/// plus weak priors, as a function of the log hyper-parameters
/// `θ = (log 1/ℓ²_1 … log 1/ℓ²_p, log σ_f², log(σ_n² − minimumNoise))`, with its gradient
/// `−½ tr((ααᵀ − K⁻¹) ∂K/∂θ)`.
///
/// Priors (on standardised outputs and unit inputs): `0.1/w + 0.1·w` on each inverse squared
/// length scale w (a soft pull towards ℓ = 1 that keeps an uninformative dimension from
/// collapsing to ℓ → 0 or ∞), a Gamma(2, 1) on σ_f² and a Gamma(1.1, noisePrior) on σ_n².
struct MarginalLikelihood: BoxObjective {
    let n: Int
    /// The dimensions, each with its own length scale.
    let groups: Int
    let pairs: Int
    let minimumNoise: Double
    let noiseRate: Double
    /// groups × pairs: for pair q = i(i−1)/2 + j (j < i), the squared difference of the two
    /// inputs summed over the group's columns.
    private let differences: DoubleBuffer
    private let targets: DoubleBuffer
    private let kernel: DoubleBuffer
    private let work: DoubleBuffer
    private let inverse: DoubleBuffer
    private let alpha: DoubleBuffer
    private let r2: DoubleBuffer
    private let correlation: DoubleBuffer
    private let slope: DoubleBuffer

    init(inputs: [Double], targets: [Double], encoding: InputEncoding, minimumNoise: Double, noiseRate: Double) {
        n = targets.count
        groups = encoding.space.count
        pairs = n * (n - 1) / 2
        self.minimumNoise = minimumNoise
        self.noiseRate = noiseRate
        differences = DoubleBuffer(count: groups * pairs)
        self.targets = DoubleBuffer(targets)
        kernel = DoubleBuffer(count: n * n)
        work = DoubleBuffer(count: n * n)
        inverse = DoubleBuffer(count: n * n)
        alpha = DoubleBuffer(count: n)
        r2 = DoubleBuffer(count: pairs)
        correlation = DoubleBuffer(count: pairs)
        slope = DoubleBuffer(count: pairs)
        let columns = encoding.columns
        let d = differences.base
        for c in 0..<columns {
            let group = d + encoding.dimensionOfColumn[c] * pairs
            var q = 0
            for i in 0..<n {
                for j in 0..<i {
                    let delta = inputs[i * columns + c] - inputs[j * columns + c]
                    group[q] += delta * delta
                    q += 1
                }
            }
        }
    }

    var parameterCount: Int { groups + 2 }

    func parameters(_ theta: [Double]) -> KernelParameters {
        KernelParameters(
            inverseSquaredLengthScales: (0..<groups).map { Math.exp(theta[$0]) }, signal: Math.exp(theta[groups]),
            noise: Math.exp(theta[groups + 1]) + minimumNoise)
    }

    mutating func evaluate(_ theta: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        let signal = Math.exp(theta[groups])
        let noiseExcess = Math.exp(theta[groups + 1])
        let noise = noiseExcess + minimumNoise
        let d = differences.base
        let distance = r2.base
        let m = correlation.base
        let dm = slope.base
        let k = kernel.base

        distance.update(repeating: 0, count: pairs)
        for g in 0..<groups {
            let weight = Math.exp(theta[g])
            let row = d + g * pairs
            for q in 0..<pairs { distance[q] += weight * row[q] }
        }
        for q in 0..<pairs {
            let (value, derivative) = matern52(distance[q])
            m[q] = value
            dm[q] = derivative
        }
        var q = 0
        for i in 0..<n {
            let row = k + i * n
            for j in 0..<i {
                row[j] = signal * m[q]
                q += 1
            }
            row[i] = signal + noise
        }
        guard Cholesky.factor(k, n: n) else { return .infinity }

        let a = alpha.base
        a.update(from: targets.base, count: n)
        Cholesky.solveLower(k, n: n, a)
        var logDeterminant = 0.0
        for i in 0..<n { logDeterminant += Math.log(k[i * n + i]) }
        let fit = 0.5 * Cholesky.dot(a, a, n)  // ½ yᵀK⁻¹y = ½ |L⁻¹y|²
        Cholesky.solveUpper(k, n: n, a)
        var value = fit + logDeterminant + 0.9189385332046727 * Double(n)

        // W = ααᵀ − K⁻¹ (lower triangle); reuse `work` for W's pair entries.
        Cholesky.inverse(k, n: n, into: inverse.base, work: work.base)
        let inv = inverse.base
        let w = work.base  // pairs entries of W, then the traces
        q = 0
        var traceDiagonal = 0.0  // Σ_i W_ii
        for i in 0..<n {
            let row = inv + i * n
            for j in 0..<i {
                w[q] = a[i] * a[j] - row[j]
                q += 1
            }
            traceDiagonal += a[i] * a[i] - row[i]
        }

        // Length scales: ∂K_ij/∂θ_g = σ_f²·m'(r²)·w_g·D_g,ij, counted twice (i < j and j < i), times −½.
        let coefficient = inverse.base  // pairs scratch: W_q·σ_f²·m'_q
        var signalTrace = 0.0
        for q in 0..<pairs {
            coefficient[q] = w[q] * signal * dm[q]
            signalTrace += w[q] * m[q]
        }
        for g in 0..<groups {
            let weight = Math.exp(theta[g])
            let row = d + g * pairs
            gradient[g] = -weight * Cholesky.dot(coefficient, row, pairs)
            // Prior 0.1/w + 0.1·w.
            value += 0.1 / weight + 0.1 * weight
            gradient[g] += -0.1 / weight + 0.1 * weight
        }
        // σ_f²: ∂K/∂θ = K − σ_n² I.
        gradient[groups] = -signal * (signalTrace + 0.5 * traceDiagonal)
        value += -Math.log(signal) + signal  // Gamma(2, 1)
        gradient[groups] += -1 + signal
        // σ_n²: ∂K/∂θ = e^θ I.
        gradient[groups + 1] = -0.5 * traceDiagonal * noiseExcess
        value += -0.1 * Math.log(noise) + noiseRate * noise  // Gamma(1.1, rate)
        gradient[groups + 1] += (-0.1 / noise + noiseRate) * noiseExcess
        return value
    }
}

/// Maximum a-posteriori kernel hyper-parameters by L-BFGS from several starts; the best
/// result wins. The starts: the given warm start (the previous fit of a growing history, which
/// is usually close), the default (every ℓ = 1, σ_f² = 1, σ_n² = 10⁻³) and `randomStarts`
/// seeded ones.
struct KernelFit {
    var iterations = 60
    /// The smallest noise variance (of standardised outputs). Small, for deterministic
    /// objectives: at 10⁻⁶ the model cannot resolve the last digits of a minimum (Branin's
    /// median regret after 50 trials was 40× larger than at 10⁻¹⁰).
    var minimumNoise = 1e-10
    var noiseRate = 30.0

    /// Bounds of θ: 1/ℓ² in [1e-3, 1e3], σ_f² in [1e-2, 1e2], σ_n² − minimum in [1e-10, 1].
    static let lowerWeight = -6.907755278982137
    static let upperWeight = 6.907755278982137

    func fit(
        inputs: [Double], targets: [Double], encoding: InputEncoding, warmStart: KernelParameters?, includeDefault: Bool = true,
        randomStarts: Int, generator: inout SeededGenerator
    ) -> KernelParameters {
        var objective = MarginalLikelihood(
            inputs: inputs, targets: targets, encoding: encoding, minimumNoise: minimumNoise, noiseRate: noiseRate)
        let groups = objective.groups
        var lower = [Double](repeating: Self.lowerWeight, count: groups)
        var upper = [Double](repeating: Self.upperWeight, count: groups)
        lower += [-4.605170185988091, -23.025850929940457]
        upper += [4.605170185988091, 0]
        var starts: [[Double]] = []
        if let warmStart, warmStart.inverseSquaredLengthScales.count == groups {
            starts.append(
                warmStart.inverseSquaredLengthScales.map { Math.log($0) } + [
                    Math.log(warmStart.signal), Math.log(Swift.max(warmStart.noise - minimumNoise, 1e-10)),
                ])
        }
        if includeDefault || starts.isEmpty {
            var theta = [Double](repeating: 0, count: groups + 2)
            theta[groups + 1] = Math.log(1e-3)
            starts.append(theta)
        }
        for _ in 0..<Swift.max(randomStarts, 0) {
            // Length scales log-uniform around the default; a random noise level.
            var theta = [Double](repeating: 0, count: groups + 2)
            for g in 0..<groups { theta[g] = (generator.nextUnit() * 2 - 1) * 2.302585092994046 }
            theta[groups + 1] = Math.log(1e-6) + generator.nextUnit() * (Math.log(1e-1) - Math.log(1e-6))
            starts.append(theta)
        }
        var minimizer = BoxMinimizer()
        minimizer.maximumIterations = iterations
        minimizer.gradientTolerance = 1e-3
        var best: (value: Double, theta: [Double])?
        for var theta in starts {
            let result = minimizer.minimize(&objective, x: &theta, lower: lower, upper: upper)
            if result.value.isFinite, best == nil || result.value < (best?.value ?? .infinity) {
                best = (result.value, theta)
            }
        }
        guard let theta = best?.theta else {
            return KernelParameters(
                inverseSquaredLengthScales: [Double](repeating: 1, count: groups), signal: 1, noise: 1e-2)
        }
        return objective.parameters(theta)
    }
}
