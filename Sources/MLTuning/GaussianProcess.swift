/// Hyper-parameters of the Matérn 5/2 kernel with one length scale per dimension.
struct KernelParameters: Sendable, Equatable {
    /// 1/ℓ² for each dimension of the search space.
    var inverseSquaredLengthScales: [Double]
    /// The signal variance σ_f².
    var signal: Double
    /// The noise variance σ_n² added to the diagonal.
    var noise: Double
}

/// The Matérn 5/2 correlation of squared distance r², and its derivative with respect to r².
@inline(__always)
func matern52(_ r2: Double) -> (value: Double, derivative: Double) {
    let s = (5 * r2).squareRoot()
    let e = Math.exp(-s)
    return ((1 + s + (5.0 / 3.0) * r2) * e, -(5.0 / 6.0) * (1 + s) * e)
}

/// The Cholesky factor of the kernel matrix of the first `rows` inputs, kept so that the next
/// process with the same hyper-parameters and more inputs only computes its new rows.
struct KernelFactor: Sendable, Equatable {
    var parameters: KernelParameters
    var rows: Int
    /// rows × rows, row-major (entries right of the diagonal are not used).
    var values: [Double]
    /// The jitter that was added to the diagonal.
    var jitter: Double
}

/// Gaussian-process regression on encoded inputs with fixed hyper-parameters: the Cholesky
/// factor of the kernel matrix and the weights `α = K⁻¹y`, posterior mean and variance in
/// batches, and log expected improvement with its gradient for the acquisition search.
final class GaussianProcess {
    let columns: Int
    private(set) var count: Int
    let capacity: Int
    /// capacity × columns inputs, row-major; the first `count` rows are set.
    let inputs: DoubleBuffer
    let targets: DoubleBuffer
    let parameters: KernelParameters
    /// 1/ℓ² of each column.
    let columnWeights: DoubleBuffer
    /// capacity × capacity; rows `0..<count` hold the factor, `capacity` apart.
    let factor: DoubleBuffer
    let alpha: DoubleBuffer
    private(set) var jitter = 0.0
    /// For single-point predictions: k*, its derivative factor, and L⁻¹k* then K⁻¹k*.
    private let cross: DoubleBuffer
    private let crossDerivative: DoubleBuffer
    private let solved: DoubleBuffer
    private let accumulatedMean: DoubleBuffer
    private let accumulatedVariance: DoubleBuffer

    /// `inputs` is count × columns; `capacity` rows leave room for `append`. `extending`, the
    /// factor of the first rows of these inputs under the same hyper-parameters, saves
    /// recomputing them (with identical results). Nil when the kernel matrix cannot be factored
    /// even with jitter.
    init?(
        inputs: [Double], targets: [Double], encoding: InputEncoding, parameters: KernelParameters, capacity: Int,
        extending prior: KernelFactor? = nil
    ) {
        columns = encoding.columns
        count = targets.count
        self.capacity = Swift.max(capacity, targets.count)
        self.inputs = DoubleBuffer(count: self.capacity * columns)
        self.targets = DoubleBuffer(count: self.capacity)
        for k in 0..<Swift.min(inputs.count, self.capacity * columns) { self.inputs.base[k] = inputs[k] }
        for k in 0..<targets.count { self.targets.base[k] = targets[k] }
        self.parameters = parameters
        columnWeights = DoubleBuffer(encoding.dimensionOfColumn.map { parameters.inverseSquaredLengthScales[$0] })
        factor = DoubleBuffer(count: self.capacity * self.capacity)
        alpha = DoubleBuffer(count: self.capacity)
        cross = DoubleBuffer(count: self.capacity)
        crossDerivative = DoubleBuffer(count: self.capacity)
        solved = DoubleBuffer(count: self.capacity)
        accumulatedMean = DoubleBuffer(count: columns)
        accumulatedVariance = DoubleBuffer(count: columns)
        var factored = false
        if let prior, prior.parameters == parameters, prior.rows <= count, prior.values.count >= prior.rows * prior.rows {
            let stride = self.capacity
            for i in 0..<prior.rows {
                for j in 0...i { factor.base[i * stride + j] = prior.values[i * prior.rows + j] }
            }
            jitter = prior.jitter
            factored = factorRows(from: prior.rows, jitter: jitter)
        }
        guard factored || factorAll() else { return nil }
        solveWeights()
    }

    /// Adds an observation (a pending point with an assumed value, for a batch) and extends the
    /// factor by its row; false when there is no room or the factorisation fails.
    func append(input: [Double], target: Double) -> Bool {
        guard count < capacity, input.count >= columns else { return false }
        for c in 0..<columns { inputs.base[count * columns + c] = input[c] }
        targets.base[count] = target
        count += 1
        guard factorRows(from: count - 1, jitter: jitter) || factorAll() else { return false }
        solveWeights()
        return true
    }

    /// The factor of the current inputs, to extend later.
    var snapshot: KernelFactor {
        let n = count
        var values = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i { values[i * n + j] = factor.base[i * capacity + j] }
        }
        return KernelFactor(parameters: parameters, rows: n, values: values, jitter: jitter)
    }

    /// Factors from scratch, with growing jitter when needed (the same sequence as
    /// `Cholesky.factor(_:n:into:jitter:)`, relative to the constant diagonal σ_f² + σ_n²).
    private func factorAll() -> Bool {
        let scale = 1e-10 * (parameters.signal + parameters.noise)
        for attempt in 0...6 {
            let added = Cholesky.jitterAdded(attempt: attempt, scale: scale)
            if factorRows(from: 0, jitter: added) {
                jitter = added
                return true
            }
        }
        return false
    }

    /// Writes the kernel rows `start..<count` and turns them into factor rows.
    private func factorRows(from start: Int, jitter added: Double) -> Bool {
        let x = inputs.base
        let w = columnWeights.base
        let signal = parameters.signal
        let stride = capacity
        for i in start..<count {
            let row = factor.base + i * stride
            let xi = x + i * columns
            for j in 0..<i {
                let xj = x + j * columns
                var r2 = 0.0
                for c in 0..<columns {
                    let delta = xi[c] - xj[c]
                    r2 += w[c] * delta * delta
                }
                row[j] = signal * matern52(r2).value
            }
            row[i] = signal + parameters.noise + added
            guard Cholesky.extend(factor.base, row: i, stride: stride) else { return false }
        }
        return true
    }

    private func solveWeights() {
        alpha.base.update(from: targets.base, count: count)
        Cholesky.solveLower(factor.base, n: count, stride: capacity, alpha.base)
        Cholesky.solveUpper(factor.base, n: count, stride: capacity, alpha.base)
    }

    /// Posterior mean and latent variance (without the noise) at the `m` encoded points of
    /// `candidates` (m × columns), in blocks whose triangular solves run along the block.
    func predict(
        _ candidates: UnsafePointer<Double>, count m: Int, mean: UnsafeMutablePointer<Double>,
        variance: UnsafeMutablePointer<Double>
    ) {
        let n = count
        let block = 64
        let buffer = DoubleBuffer(count: n * block)
        let v = buffer.base
        let x = inputs.base
        let w = columnWeights.base
        let l = factor.base
        let a = alpha.base
        let signal = parameters.signal
        let floor = 1e-12 * signal
        var start = 0
        while start < m {
            let b = Swift.min(block, m - start)
            let mu = mean + start
            let s2 = variance + start
            for j in 0..<b {
                mu[j] = 0
                s2[j] = signal
            }
            // Cross-covariances, row i for training point i; the mean on the way.
            for i in 0..<n {
                let ai = a[i]
                let xi = x + i * columns
                let row = v + i * block
                for j in 0..<b {
                    let candidate = candidates + (start + j) * columns
                    var r2 = 0.0
                    for c in 0..<columns {
                        let delta = candidate[c] - xi[c]
                        r2 += w[c] * delta * delta
                    }
                    let value = signal * matern52(r2).value
                    row[j] = value
                    mu[j] += ai * value
                }
            }
            // V = L⁻¹·K*, a row at a time; the variance loses Σ V².
            for i in 0..<n {
                let row = v + i * block
                let li = l + i * capacity
                for k in 0..<i {
                    let lik = li[k]
                    let rowK = v + k * block
                    for j in 0..<b { row[j] -= lik * rowK[j] }
                }
                let inverse = 1 / li[i]
                for j in 0..<b {
                    let value = row[j] * inverse
                    row[j] = value
                    s2[j] -= value * value
                }
            }
            for j in 0..<b { s2[j] = Swift.max(s2[j], floor) }
            start += b
        }
    }

    /// Log expected improvement over `best` at encoded point `x`, with its gradient with
    /// respect to every column written into `gradient`.
    func logExpectedImprovement(at x: UnsafePointer<Double>, best: Double, gradient: UnsafeMutablePointer<Double>) -> Double {
        let n = count
        let data = inputs.base
        let w = columnWeights.base
        let a = alpha.base
        let k = cross.base
        let dk = crossDerivative.base
        let v = solved.base
        let signal = parameters.signal
        var mean = 0.0
        for i in 0..<n {
            let xi = data + i * columns
            var r2 = 0.0
            for c in 0..<columns {
                let delta = x[c] - xi[c]
                r2 += w[c] * delta * delta
            }
            let (value, derivative) = matern52(r2)
            k[i] = signal * value
            dk[i] = 2 * signal * derivative
            v[i] = k[i]
            mean += a[i] * k[i]
        }
        Cholesky.solveLower(factor.base, n: n, stride: capacity, v)
        let variance = signal - Cholesky.dot(v, v, n)
        Cholesky.solveUpper(factor.base, n: n, stride: capacity, v)  // now β = K⁻¹k*
        let floor = 1e-12 * signal
        let clamped = variance < floor
        let deviation = Swift.max(variance, floor).squareRoot()
        let (value, dMean, dDeviation) = ExpectedImprovement.logEI(mean: mean, deviation: deviation, best: best)

        // dk_i/dx_c = dk_i·w_c·(x_c − X_ic); dμ/dx = Σ α_i dk_i/dx and dσ²/dx = −2 Σ β_i dk_i/dx.
        let am = accumulatedMean.base
        let av = accumulatedVariance.base
        am.update(repeating: 0, count: columns)
        av.update(repeating: 0, count: columns)
        var sumMean = 0.0
        var sumVariance = 0.0
        for i in 0..<n {
            let u = dk[i] * a[i]
            let t = dk[i] * v[i]
            sumMean += u
            sumVariance += t
            let xi = data + i * columns
            for c in 0..<columns {
                am[c] += u * xi[c]
                av[c] += t * xi[c]
            }
        }
        for c in 0..<columns {
            let dMu = w[c] * (x[c] * sumMean - am[c])
            let dVariance = clamped ? 0 : -2 * w[c] * (x[c] * sumVariance - av[c])
            gradient[c] = dMean * dMu + dDeviation * dVariance / (2 * deviation)
        }
        return value
    }
}
