/// Row-major dense kernels for the hidden layers, cache-blocked: a block of
/// `kBlock` rows of B (kBlock × nBlock floats, 64 KiB) stays in L2 while every
/// row of A runs over it, and the innermost loop is a contiguous
/// c[j] += a · b[j] that the compiler vectorises.
enum DenseKernels {
    static let kBlock = 128
    static let nBlock = 128

    /// C[m × n] += A[m × k] · B[k × n].
    static func multiplyAdd(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>, m: Int, k: Int, n: Int
    ) {
        var j0 = 0
        while j0 < n {
            let j1 = min(j0 + nBlock, n)
            var k0 = 0
            while k0 < k {
                let k1 = min(k0 + kBlock, k)
                for i in 0..<m {
                    let cRow = c + i * n, aRow = a + i * k
                    // Four rows of B per pass: four multiply-adds per load and store of C.
                    var p = k0
                    while p + 4 <= k1 {
                        let a0 = aRow[p], a1 = aRow[p + 1], a2 = aRow[p + 2], a3 = aRow[p + 3]
                        let b0 = b + p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n
                        for j in j0..<j1 { cRow[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j] }
                        p += 4
                    }
                    while p < k1 {
                        let ap = aRow[p], bRow = b + p * n
                        for j in j0..<j1 { cRow[j] += ap * bRow[j] }
                        p += 1
                    }
                }
                k0 = k1
            }
            j0 = j1
        }
    }

    /// dst[cols × rows] = srcᵀ for src[rows × cols], in 32 × 32 tiles.
    static func transpose(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        let tile = 32
        var r0 = 0
        while r0 < rows {
            let r1 = min(r0 + tile, rows)
            var c0 = 0
            while c0 < cols {
                let c1 = min(c0 + tile, cols)
                for r in r0..<r1 {
                    for c in c0..<c1 { dst[c * rows + r] = src[r * cols + c] }
                }
                c0 = c1
            }
            r0 = r1
        }
    }

    /// y[n] += a · x[n].
    @inline(__always)
    static func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, n: Int) {
        for j in 0..<n { y[j] += a * x[j] }
    }

    /// x · y over n entries, in eight partial sums (a fixed order).
    @inline(__always)
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, n: Int) -> Float {
        var sums = SIMD8<Float>.zero
        var j = 0
        while j + 8 <= n {
            for l in 0..<8 { sums[l] += x[j + l] * y[j + l] }
            j += 8
        }
        var sum = sums.sum()
        while j < n {
            sum += x[j] * y[j]
            j += 1
        }
        return sum
    }
}
