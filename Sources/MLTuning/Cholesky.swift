/// Dense Cholesky factorisation and triangular solves on flat row-major buffers whose rows are
/// `stride` apart (a matrix that grows by rows keeps its stride, so its factor can grow too).
///
/// The factor is lower-triangular (`A = L·Lᵀ`) and overwrites the lower triangle of `A`.
/// It is computed a row at a time, each row from the rows above it alone, so extending the
/// factor of a matrix by one row (`extend`) gives the same bits as factoring the larger matrix
/// from scratch. Reductions use four independent partial sums in a fixed order, so results are
/// bit-reproducible and still pipeline well; the other loops are `axpy`s along rows, which the
/// compiler vectorises.
///
/// LAPACK's `dpotrf` was measured against this (n = 100 and 200): OpenBLAS's is 1.5–2× faster
/// on one thread, the reference LAPACK 2× slower. This one is kept: a factorisation is a small
/// part of a proposal, `extend` needs the row order, and an optimised BLAS picks its kernels by
/// CPU, which would make the proposals differ between machines.
enum Cholesky {
    /// Factors the n×n matrix at `a` (rows `stride` apart) in place; false (and `a` partly
    /// overwritten) when it is not numerically positive definite. Entries right of the
    /// diagonal are left as they are.
    static func factor(_ a: UnsafeMutablePointer<Double>, n: Int, stride: Int) -> Bool {
        for i in 0..<n where !extend(a, row: i, stride: stride) { return false }
        return true
    }

    /// Factors the n×n matrix at `a` in place and zeroes its strict upper triangle; false when
    /// it is not numerically positive definite.
    static func factor(_ a: UnsafeMutablePointer<Double>, n: Int) -> Bool {
        guard factor(a, n: n, stride: n) else { return false }
        for i in 0..<n {
            var j = i + 1
            while j < n {
                a[i * n + j] = 0
                j += 1
            }
        }
        return true
    }

    /// Turns row `i` of `a` (the matrix's row, columns 0...i) into row `i` of the factor, given
    /// that rows 0..<i already hold the factor's rows; false when the pivot is not positive.
    @inline(__always)
    static func extend(_ a: UnsafeMutablePointer<Double>, row i: Int, stride: Int) -> Bool {
        let rowI = a + i * stride
        for j in 0..<i {
            let rowJ = a + j * stride
            rowI[j] = (rowI[j] - dot(rowI, rowJ, j)) / rowJ[j]
        }
        let diagonal = rowI[i] - dot(rowI, rowI, i)
        guard diagonal > 0, diagonal.isFinite else { return false }
        rowI[i] = diagonal.squareRoot()
        return true
    }

    /// Factors a copy of the n×n `matrix` into `factor`, adding `jitter` times the mean diagonal
    /// to the diagonal (growing tenfold, up to six times) until the factorisation succeeds.
    /// Returns the jitter added (0 when none was needed), nil when even the largest failed.
    static func factor(
        _ matrix: UnsafePointer<Double>, n: Int, into factor: UnsafeMutablePointer<Double>, jitter: Double = 1e-10
    ) -> Double? {
        var meanDiagonal = 0.0
        for i in 0..<n { meanDiagonal += matrix[i * n + i] }
        meanDiagonal = n > 0 ? Swift.max(meanDiagonal / Double(n), 1e-300) : 1
        for attempt in 0...6 {
            let added = jitterAdded(attempt: attempt, scale: jitter * meanDiagonal)
            factor.update(from: matrix, count: n * n)
            for i in 0..<n { factor[i * n + i] += added }
            if Self.factor(factor, n: n) { return added }
        }
        return nil
    }

    /// The jitter of attempt `attempt` (0: none, then `scale`, growing tenfold).
    static func jitterAdded(attempt: Int, scale: Double) -> Double {
        attempt == 0 ? 0 : scale * Math.pow(10, Double(attempt - 1))
    }

    /// Array form of `factor(_:n:into:jitter:)`.
    static func factor(_ matrix: [Double], n: Int, jitter: Double = 1e-10) -> (factor: [Double], jitter: Double)? {
        guard matrix.count >= n * n else { return nil }
        let source = DoubleBuffer(matrix)
        let output = DoubleBuffer(count: n * n)
        guard let added = factor(source.base, n: n, into: output.base, jitter: jitter) else { return nil }
        return (output.array, added)
    }

    /// Solves `L·x = b` in place (`b` becomes x); rows of `l` are `stride` apart.
    static func solveLower(_ l: UnsafePointer<Double>, n: Int, stride: Int, _ x: UnsafeMutablePointer<Double>) {
        for i in 0..<n {
            let row = l + i * stride
            x[i] = (x[i] - dot(row, UnsafePointer(x), i)) / row[i]
        }
    }

    /// Solves `Lᵀ·x = b` in place (`b` becomes x), by columns of Lᵀ, which are rows of L.
    static func solveUpper(_ l: UnsafePointer<Double>, n: Int, stride: Int, _ x: UnsafeMutablePointer<Double>) {
        var i = n - 1
        while i >= 0 {
            let row = l + i * stride
            let xi = x[i] / row[i]
            x[i] = xi
            for k in 0..<i { x[k] -= row[k] * xi }
            i -= 1
        }
    }

    static func solveLower(_ l: UnsafePointer<Double>, n: Int, _ x: UnsafeMutablePointer<Double>) {
        solveLower(l, n: n, stride: n, x)
    }

    static func solveUpper(_ l: UnsafePointer<Double>, n: Int, _ x: UnsafeMutablePointer<Double>) {
        solveUpper(l, n: n, stride: n, x)
    }

    /// The lower triangle of `A⁻¹ = L⁻ᵀ·L⁻¹` from the factor `l` into `inverse` (n×n, strict
    /// upper triangle zero); `work` (n×n) receives `L⁻¹`.
    static func inverse(
        _ l: UnsafePointer<Double>, n: Int, into inverse: UnsafeMutablePointer<Double>, work z: UnsafeMutablePointer<Double>
    ) {
        // Z = L⁻¹ row by row: Z_i = (e_i − Σ_{k<i} L_ik Z_k) / L_ii; row k of Z is zero past column k.
        for i in 0..<n {
            let zi = z + i * n
            zi.update(repeating: 0, count: n)
            zi[i] = 1
            let li = l + i * n
            for k in 0..<i {
                let factor = li[k]
                let zk = z + k * n
                for c in 0...k { zi[c] -= factor * zk[c] }
            }
            let scale = 1 / li[i]
            for c in 0...i { zi[c] *= scale }
        }
        // A⁻¹ = Zᵀ·Z as a sum of outer products of Z's rows, lower triangle only.
        inverse.update(repeating: 0, count: n * n)
        for k in 0..<n {
            let zk = z + k * n
            for a in 0...k {
                let factor = zk[a]
                let row = inverse + a * n
                for b in 0...a { row[b] += factor * zk[b] }
            }
        }
    }

    /// A dot product of `count` elements with four interleaved partial sums, added in a fixed order.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
        var s0 = 0.0
        var s1 = 0.0
        var s2 = 0.0
        var s3 = 0.0
        var k = 0
        while k + 4 <= count {
            s0 += a[k] * b[k]
            s1 += a[k + 1] * b[k + 1]
            s2 += a[k + 2] * b[k + 2]
            s3 += a[k + 3] * b[k + 3]
            k += 4
        }
        var sum = (s0 + s1) + (s2 + s3)
        while k < count {
            sum += a[k] * b[k]
            k += 1
        }
        return sum
    }

    @inline(__always)
    static func dot(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, _ count: Int) -> Double {
        dot(UnsafePointer(a), UnsafePointer(b), count)
    }
}
