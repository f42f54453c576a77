/// The inverse of a symmetric positive definite n × n matrix (row-major),
/// through its Cholesky factor: A = L Lᵀ, L⁻¹ by rows, then A⁻¹ = L⁻ᵀ L⁻¹.
/// Every inner loop runs along a row, so the work is contiguous axpys and
/// dot products; about n³/2 multiply-adds in all.
///
/// Returns nil when A is not positive definite (a pivot ≤ 0 or not finite).
func symmetricInverse(_ matrix: [Double], size n: Int) -> [Double]? {
    var factor = matrix
    let solvable = factor.withUnsafeMutableBufferPointer { l -> Bool in
        // Cholesky, row by row: L[i][j] = (A[i][j] - L[i][0..<j]·L[j][0..<j]) / L[j][j].
        guard let base = l.baseAddress else { return n == 0 }
        for i in 0..<n {
            let row = i * n
            for j in 0...i {
                let other = j * n
                let sum = l[row + j] - dot(base + row, base + other, j)
                if j == i {
                    guard sum > 0, sum.isFinite else { return false }
                    l[row + i] = sum.squareRoot()
                } else {
                    l[row + j] = sum / l[other + j]
                }
            }
            for j in (i + 1)..<n { l[row + j] = 0 }
        }
        return true
    }
    guard solvable else { return nil }

    // M = L⁻¹, lower triangular: row i of M is (e_i - Σ_{k<i} L[i][k] · row k of M) / L[i][i].
    // Rows are made in blocks: each finished row k before a block is read
    // once for all the block's rows, then the block finishes row by row.
    // Every entry still takes its terms in ascending k.
    var inverseFactor = [Double](repeating: 0, count: n * n)
    let block = 64
    factor.withUnsafeBufferPointer { l in
        inverseFactor.withUnsafeMutableBufferPointer { m in
            guard let base = m.baseAddress else { return }
            func subtract(row i: Int, _ k: Int) {
                let coefficient = l[i * n + k]
                guard coefficient != 0 else { return }
                axpy(-coefficient, base + k * n, into: base + i * n, k + 1)
            }
            var start = 0
            while start < n {
                let end = min(n, start + block)
                for k in 0..<start {
                    for i in start..<end { subtract(row: i, k) }
                }
                for i in start..<end {
                    let row = i * n
                    for k in start..<i { subtract(row: i, k) }
                    m[row + i] += 1
                    let pivot = 1 / l[row + i]
                    for j in 0...i { m[row + j] *= pivot }
                }
                start = end
            }
        }
    }

    // A⁻¹ = Mᵀ M = Σ_i (row i of M)ᵀ (row i of M), each row nonzero up to i.
    // Rows i come in blocks, and each target row takes a whole block's
    // terms while it is in cache, instead of every row of A⁻¹ being streamed
    // through memory once per i.
    var inverse = [Double](repeating: 0, count: n * n)
    inverseFactor.withUnsafeBufferPointer { m in
        inverse.withUnsafeMutableBufferPointer { p in
            guard let factorBase = m.baseAddress, let base = p.baseAddress else { return }
            var start = 0
            while start < n {
                let end = min(n, start + block)
                for a in 0..<end {
                    let target = base + a * n
                    for i in max(a, start)..<end {
                        let row = factorBase + i * n
                        let coefficient = row[a]
                        guard coefficient != 0 else { continue }
                        axpy(coefficient, row, into: target, i + 1)
                    }
                }
                start = end
            }
        }
    }
    return inverse
}

/// Σ a[k]·b[k] for k < count, in eight lanes then across them (a fixed order,
/// so the same bits every time).
@inline(__always)
private func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
    var lanes = SIMD8<Double>.zero
    var k = 0
    while k + 8 <= count {
        let x = UnsafeRawPointer(a + k).loadUnaligned(as: SIMD8<Double>.self)
        let y = UnsafeRawPointer(b + k).loadUnaligned(as: SIMD8<Double>.self)
        lanes += x * y
        k += 8
    }
    var sum = lanes.sum()
    while k < count {
        sum += a[k] * b[k]
        k += 1
    }
    return sum
}

/// y[k] += a·x[k] for k < count, eight lanes at a time.
@inline(__always)
private func axpy(_ a: Double, _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, _ count: Int) {
    let scale = SIMD8<Double>(repeating: a)
    var k = 0
    while k + 8 <= count {
        let xs = UnsafeRawPointer(x + k).loadUnaligned(as: SIMD8<Double>.self)
        let ys = UnsafeRawPointer(y + k).loadUnaligned(as: SIMD8<Double>.self)
        UnsafeMutableRawPointer(y + k).storeBytes(of: ys + scale * xs, as: SIMD8<Double>.self)
        k += 8
    }
    while k < count {
        y[k] += a * x[k]
        k += 1
    }
}
