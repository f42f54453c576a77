/// Least squares with every coefficient constrained to be non-negative:
/// `argmin ‖Xw − y‖² subject to w ≥ 0`, by the active-set method of Lawson and
/// Hanson (Solving Least Squares Problems, 1974, chapter 23).
///
/// The solver works on the normal equations (XᵀX, Xᵀy), as Bro and de Jong's
/// variant does: a combiner has a handful of columns and many rows, so each
/// passive-set subproblem is a small dense solve.
enum NonNegativeLeastSquares {
    /// The non-negative solution for the columns of `design`.
    static func solve(_ design: DesignMatrix, targets: [Double]) -> [Double] {
        let count = design.columns
        let zeros = [Double](repeating: 0, count: count)
        let (gram, moment) = design.crossProducts(targets: targets, means: zeros, targetMean: 0)
        var targetSquares = 0.0
        for target in targets { targetSquares += target * target }
        var largestSquares = 0.0
        for column in 0..<count { largestSquares = max(largestSquares, gram[column * count + column]) }
        // The gradient of a column is at most ‖x_j‖·‖y‖ in size (Cauchy-Schwarz); below a tiny
        // share of that bound it is rounding noise, not a direction that lowers the residual.
        let tolerance = 1e-10 * (largestSquares * targetSquares).squareRoot()
        return solve(gram: gram, moment: moment, size: count, tolerance: tolerance)
    }

    /// Lawson–Hanson on `gram` = XᵀX (row-major, `size × size`) and `moment` = Xᵀy.
    ///
    /// A column enters the passive set when its gradient `(Xᵀy − XᵀXw)_j` exceeds
    /// `tolerance`; the iteration count is bounded (3·size outer steps, the bound
    /// Lawson and Hanson suggest, plus slack), so rounding cannot make it cycle.
    ///
    /// - Complexity: O(size⁴) in the worst case; each subproblem is O(size³).
    static func solve(gram: [Double], moment: [Double], size: Int, tolerance: Double) -> [Double] {
        var solution = [Double](repeating: 0, count: size)
        var passive = [Bool](repeating: false, count: size)
        // Columns whose entry the subproblem refused (dependent on the passive ones, or a
        // rounding-level gradient the subproblem disagrees with); never offered again.
        var refused = [Bool](repeating: false, count: size)
        var gradient = moment
        var candidate = [Double](repeating: 0, count: size)
        var scratch = PassiveSystem(size: size)
        var steps = 0
        let stepLimit = 3 * size + 30

        outer: while steps < stepLimit {
            steps += 1
            var entering = -1, largest = tolerance
            for column in 0..<size where !passive[column] && !refused[column] && gradient[column] > largest {
                entering = column
                largest = gradient[column]
            }
            guard entering >= 0 else { break }
            passive[entering] = true

            var firstPass = true
            while true {
                guard scratch.solve(gram: gram, moment: moment, passive: passive, into: &candidate) else {
                    passive[entering] = false
                    refused[entering] = true
                    continue outer
                }
                var feasible = true
                for column in 0..<size where passive[column] && candidate[column] <= 0 { feasible = false }
                if feasible {
                    solution = candidate
                    break
                }
                // Step from the current solution toward the candidate until the first passive
                // coefficient reaches zero, and move every zero coefficient back to the active set.
                var step = 1.0, blocking = -1
                for column in 0..<size where passive[column] && candidate[column] <= 0 {
                    let gap = solution[column] - candidate[column]
                    let ratio = gap > 0 ? solution[column] / gap : 0
                    if blocking < 0 || ratio < step {
                        step = ratio
                        blocking = column
                    }
                }
                for column in 0..<size where passive[column] {
                    solution[column] += step * (candidate[column] - solution[column])
                }
                for column in 0..<size where passive[column] && (column == blocking || solution[column] <= 0) {
                    passive[column] = false
                    solution[column] = 0
                }
                if firstPass && !passive[entering] {
                    // The entering column left at once: its gradient was rounding noise.
                    refused[entering] = true
                    continue outer
                }
                firstPass = false
            }

            for row in 0..<size {
                var sum = moment[row]
                for column in 0..<size where solution[column] != 0 { sum -= gram[row * size + column] * solution[column] }
                gradient[row] = sum
            }
        }
        return solution
    }
}

/// Scratch space for the passive-set subproblem `(XᵀX)_PP z = (Xᵀy)_P`, reused
/// across the solver's steps.
private struct PassiveSystem {
    var indices: [Int]
    var matrix: [Double]
    var vector: [Double]

    init(size: Int) {
        indices = []
        indices.reserveCapacity(size)
        matrix = []
        matrix.reserveCapacity(size * size)
        vector = []
        vector.reserveCapacity(size)
    }

    /// Writes the subproblem's solution into `candidate` (zero outside the
    /// passive set); `false` when the subproblem is singular.
    mutating func solve(gram: [Double], moment: [Double], passive: [Bool], into candidate: inout [Double]) -> Bool {
        let size = passive.count
        indices.removeAll(keepingCapacity: true)
        for column in 0..<size where passive[column] { indices.append(column) }
        let count = indices.count
        matrix.removeAll(keepingCapacity: true)
        vector.removeAll(keepingCapacity: true)
        for a in indices {
            vector.append(moment[a])
            for b in indices { matrix.append(gram[a * size + b]) }
        }
        guard let reduced = PredictionCombiner.solveSymmetric(matrix, vector, size: count) else { return false }
        for column in 0..<size { candidate[column] = 0 }
        for (position, column) in indices.enumerated() { candidate[column] = reduced[position] }
        return true
    }
}
