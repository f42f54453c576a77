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
        for i in 0..<n {
            let row = i * n
            for j in 0...i {
                let other = j * n
                var sum = l[row + j]
                for k in 0..<j { sum -= l[row + k] * l[other + k] }
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
    var inverseFactor = [Double](repeating: 0, count: n * n)
    factor.withUnsafeBufferPointer { l in
        inverseFactor.withUnsafeMutableBufferPointer { m in
            for i in 0..<n {
                let row = i * n
                for k in 0..<i {
                    let coefficient = l[row + k]
                    guard coefficient != 0 else { continue }
                    let other = k * n
                    for j in 0...k { m[row + j] -= coefficient * m[other + j] }
                }
                m[row + i] += 1
                let pivot = 1 / l[row + i]
                for j in 0...i { m[row + j] *= pivot }
            }
        }
    }

    // A⁻¹ = Mᵀ M = Σ_i (row i of M)ᵀ (row i of M), each row nonzero up to i.
    var inverse = [Double](repeating: 0, count: n * n)
    inverseFactor.withUnsafeBufferPointer { m in
        inverse.withUnsafeMutableBufferPointer { p in
            for i in 0..<n {
                let row = i * n
                for a in 0...i {
                    let coefficient = m[row + a]
                    guard coefficient != 0 else { continue }
                    let target = a * n
                    for b in 0...i { p[target + b] += coefficient * m[row + b] }
                }
            }
        }
    }
    return inverse
}
