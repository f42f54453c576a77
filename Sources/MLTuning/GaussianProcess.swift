/// How points become Gaussian-process inputs: each continuous or integer dimension is one
/// column holding its unit coordinate (log dimensions in log space, integers at the centre of
/// their value's bin), and each categorical dimension is a one-hot block of columns. Every
/// column of a dimension shares that dimension's length scale.
struct InputEncoding: Sendable {
    let space: SearchSpace
    /// The number of columns.
    let columns: Int
    /// The dimension of each column.
    let dimensionOfColumn: [Int]
    /// The first column of each dimension.
    let firstColumn: [Int]

    init(space: SearchSpace) {
        self.space = space
        var dimensionOfColumn: [Int] = []
        var firstColumn: [Int] = []
        for (d, dimension) in space.dimensions.enumerated() {
            firstColumn.append(dimensionOfColumn.count)
            let width = dimension.isCategorical ? Swift.max(dimension.valueCount ?? 1, 1) : 1
            for _ in 0..<width { dimensionOfColumn.append(d) }
        }
        self.dimensionOfColumn = dimensionOfColumn
        self.firstColumn = firstColumn
        columns = dimensionOfColumn.count
    }

    /// Writes the columns of `point` at `output[0..<columns]`.
    func encode(_ point: Point, into output: UnsafeMutablePointer<Double>) {
        for (d, dimension) in space.dimensions.enumerated() {
            let column = firstColumn[d]
            let value = d < point.count ? point[d] : 0
            if case .categorical(let count) = dimension {
                let chosen = Int(Swift.min(Swift.max(value.rounded(), 0), Double(Swift.max(count, 1) - 1)))
                for c in 0..<Swift.max(count, 1) { output[column + c] = c == chosen ? 1 : 0 }
            } else {
                output[column] = dimension.unit(value: value)
            }
        }
    }

    /// The point whose columns are `input` (a categorical dimension takes its largest column).
    func decode(_ input: UnsafePointer<Double>) -> Point {
        var point = Point(repeating: 0, count: space.count)
        for (d, dimension) in space.dimensions.enumerated() {
            let column = firstColumn[d]
            if case .categorical(let count) = dimension {
                var chosen = 0
                for c in 1..<Swift.max(count, 1) where input[column + c] > input[column + chosen] { chosen = c }
                point[d] = Double(chosen)
            } else {
                point[d] = dimension.value(unit: input[column])
            }
        }
        return point
    }
}

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
    private(set) var factor = DoubleBuffer(count: 0)
    private(set) var alpha = DoubleBuffer(count: 0)
    /// For single-point predictions: k*, its derivative factor, and L⁻¹k* then K⁻¹k*.
    private var cross = DoubleBuffer(count: 0)
    private var crossDerivative = DoubleBuffer(count: 0)
    private var solved = DoubleBuffer(count: 0)
    private let accumulatedMean: DoubleBuffer
    private let accumulatedVariance: DoubleBuffer

    /// `inputs` is count × columns; `capacity` rows leave room for `append`. Nil when the kernel
    /// matrix cannot be factored even with jitter.
    init?(inputs: [Double], targets: [Double], encoding: InputEncoding, parameters: KernelParameters, capacity: Int) {
        columns = encoding.columns
        count = targets.count
        self.capacity = Swift.max(capacity, targets.count)
        self.inputs = DoubleBuffer(count: self.capacity * columns)
        self.targets = DoubleBuffer(count: self.capacity)
        for k in 0..<Swift.min(inputs.count, self.capacity * columns) { self.inputs.base[k] = inputs[k] }
        for k in 0..<targets.count { self.targets.base[k] = targets[k] }
        self.parameters = parameters
        columnWeights = DoubleBuffer(encoding.dimensionOfColumn.map { parameters.inverseSquaredLengthScales[$0] })
        accumulatedMean = DoubleBuffer(count: columns)
        accumulatedVariance = DoubleBuffer(count: columns)
        guard refactor() else { return nil }
    }

    /// Adds an observation (a pending point with an assumed value, for a batch) and refactors
    /// with the same hyper-parameters; false when there is no room or the factorisation fails.
    func append(input: [Double], target: Double) -> Bool {
        guard count < capacity, input.count >= columns else { return false }
        for c in 0..<columns { inputs.base[count * columns + c] = input[c] }
        targets.base[count] = target
        count += 1
        return refactor()
    }

    private func refactor() -> Bool {
        let n = count
        let kernel = DoubleBuffer(count: n * n)
        let k = kernel.base
        let x = inputs.base
        let w = columnWeights.base
        let signal = parameters.signal
        for i in 0..<n {
            for j in 0..<i {
                var r2 = 0.0
                for c in 0..<columns {
                    let delta = x[i * columns + c] - x[j * columns + c]
                    r2 += w[c] * delta * delta
                }
                let value = signal * matern52(r2).value
                k[i * n + j] = value
                k[j * n + i] = value
            }
            k[i * n + i] = signal + parameters.noise
        }
        factor = DoubleBuffer(count: n * n)
        guard Cholesky.factor(k, n: n, into: factor.base) != nil else { return false }
        alpha = DoubleBuffer(count: n)
        alpha.base.update(from: targets.base, count: n)
        Cholesky.solveLower(factor.base, n: n, alpha.base)
        Cholesky.solveUpper(factor.base, n: n, alpha.base)
        cross = DoubleBuffer(count: n)
        crossDerivative = DoubleBuffer(count: n)
        solved = DoubleBuffer(count: n)
        return true
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
                let li = l + i * n
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
        Cholesky.solveLower(factor.base, n: n, v)
        let variance = signal - Cholesky.dot(v, v, n)
        Cholesky.solveUpper(factor.base, n: n, v)  // now β = K⁻¹k*
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
