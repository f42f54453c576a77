import Dispatch

/// One half-iteration of implicit ALS: every row x of the solved side moves
/// toward the solution of
///     (YᵀY + λI + Σ_{i∈rated} (c - 1) y_i y_iᵀ) x = Σ_{i∈rated} c · y_i
/// by a few conjugate-gradient steps started from its current value
/// (Takács, Pilászy and Tikk 2011; the `implicit` library's CG solver).
/// YᵀY + λI is formed once and shared, so a row costs
/// O(|rated| · f + f² · steps) instead of the O(|rated| · f² + f³) of a
/// direct solve.
///
/// Rows are split into fixed chunks, one per thread, and each row reads only
/// the fixed side and the gram matrix: results do not depend on `threads`.
struct ConjugateGradientRows {
    let stride: Int
    let steps: Int
    /// c, the confidence of an observed pair.
    let confidence: Double
    let threads: Int

    /// CG stops early on a row whose squared residual falls below this (as `implicit` does).
    static let tolerance = 1e-20

    /// YᵀY + λI over the real factors, `stride` × `stride`, row-major; zero past them.
    func gram(_ fixed: [Double], reg: Double, factors: Int) -> [Double] {
        var gram = [Double](repeating: 0, count: stride * stride)
        let chunks = stride / LatentScores.lanes
        fixed.withUnsafeBufferPointer { y in
            gram.withUnsafeMutableBufferPointer { g in
                guard let y = y.baseAddress, let g = g.baseAddress else { return }
                for row in 0..<(fixed.count / stride) {
                    let yRow = y + row * stride
                    for a in 0..<factors where yRow[a] != 0 {
                        laneAxpy(yRow[a], yRow, into: g + a * stride, chunks: chunks)
                    }
                }
            }
        }
        for a in 0..<factors { gram[a * stride + a] += reg }
        return gram
    }

    /// Updates every row of `solved` that has a rated list; rows without one are set to zero.
    func solve(_ solved: inout [Double], lists: RatedRows, fixed: [Double], gram: [Double]) {
        let rowCount = lists.rowCount
        let chunkCount = max(1, min(threads, rowCount))
        solved.withUnsafeMutableBufferPointer { solved in
            fixed.withUnsafeBufferPointer { fixed in
                gram.withUnsafeBufferPointer { gram in
                    lists.offsets.withUnsafeBufferPointer { offsets in
                        lists.members.withUnsafeBufferPointer { members in
                            guard let solved = solved.baseAddress, let fixed = fixed.baseAddress,
                                let gram = gram.baseAddress, let offsets = offsets.baseAddress
                            else { return }
                            let shared = RowSolveBuffers(
                                solved: solved, fixed: fixed, gram: gram, offsets: offsets,
                                members: members.baseAddress)
                            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                                var work = Workspace(stride: stride)
                                for row in (rowCount * chunk / chunkCount)..<(rowCount * (chunk + 1) / chunkCount) {
                                    solveRow(row, shared, &work)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The residual, direction and product vectors of one row's CG.
    private struct Workspace {
        var residual: [Double]
        var direction: [Double]
        var product: [Double]

        init(stride: Int) {
            residual = [Double](repeating: 0, count: stride)
            direction = residual
            product = residual
        }
    }

    private func solveRow(_ row: Int, _ shared: RowSolveBuffers, _ work: inout Workspace) {
        let x = shared.solved + row * stride, chunks = stride / LatentScores.lanes
        let start = shared.offsets[row], end = shared.offsets[row + 1]
        guard end > start, let members = shared.members else {
            for k in 0..<stride { x[k] = 0 }
            return
        }
        let c = confidence, extra = confidence - 1
        work.residual.withUnsafeMutableBufferPointer { r in
            work.direction.withUnsafeMutableBufferPointer { p in
                work.product.withUnsafeMutableBufferPointer { ap in
                    guard let r = r.baseAddress, let p = p.baseAddress, let ap = ap.baseAddress else { return }
                    // r = b - A x = Σ (c - (c - 1) y_i·x) y_i - (YᵀY + λI) x.
                    multiply(shared.gram, x, into: r)
                    for k in 0..<stride { r[k] = -r[k] }
                    for position in start..<end {
                        let y = shared.fixed + Int(members[position]) * stride
                        laneAxpy(c - extra * laneDot(y, x, chunks: chunks), y, into: r, chunks: chunks)
                    }
                    for k in 0..<stride { p[k] = r[k] }
                    var oldNorm = laneDot(r, r, chunks: chunks)
                    guard oldNorm >= Self.tolerance else { return }
                    for _ in 0..<steps {
                        // A p = (YᵀY + λI) p + Σ (c - 1)(y_i·p) y_i.
                        multiply(shared.gram, p, into: ap)
                        for position in start..<end {
                            let y = shared.fixed + Int(members[position]) * stride
                            laneAxpy(extra * laneDot(y, p, chunks: chunks), y, into: ap, chunks: chunks)
                        }
                        let curvature = laneDot(p, ap, chunks: chunks)
                        guard curvature > 0 else { return }
                        let step = oldNorm / curvature
                        laneAxpy(step, p, into: x, chunks: chunks)
                        laneAxpy(-step, ap, into: r, chunks: chunks)
                        let newNorm = laneDot(r, r, chunks: chunks)
                        guard newNorm >= Self.tolerance else { return }
                        let keep = newNorm / oldNorm
                        for k in 0..<stride { p[k] = r[k] + keep * p[k] }
                        oldNorm = newNorm
                    }
                }
            }
        }
    }

    /// out = G v for the symmetric `stride` × `stride` gram matrix, row by row.
    @inline(__always)
    private func multiply(_ gram: UnsafePointer<Double>, _ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let chunks = stride / LatentScores.lanes
        for a in 0..<stride { out[a] = laneDot(gram + a * stride, v, chunks: chunks) }
    }

    /// Floating-point operations of one half-iteration with every CG step
    /// taken: the gram product (2·f² per fixed row), then per solved row the
    /// residual and each step's product (a 2·f² matrix-vector product and
    /// 4·f per rated item: a dot and an axpy) and each step's five vector
    /// updates and dots (10·f).
    static func flops(solvedRows: Int, fixedRows: Int, ratings: Int, factors: Int, steps: Int) -> Double {
        let f = Double(factors), s = Double(steps)
        return 2 * f * f * Double(fixedRows)
            + (1 + s) * (2 * f * f * Double(solvedRows) + 4 * f * Double(ratings)) + 10 * f * s * Double(solvedRows)
    }
}

/// Who rated what, grouped by the rows being solved; members index the fixed side.
struct RatedRows: Sendable {
    let offsets: [Int]
    let members: [Int32]
    var rowCount: Int { offsets.count - 1 }
}

/// Pointers shared by the parallel row solves. Safe to send: every chunk
/// writes only its own rows of `solved` and reads buffers nothing writes
/// during the solve.
private struct RowSolveBuffers: @unchecked Sendable {
    let solved: UnsafeMutablePointer<Double>
    let fixed: UnsafePointer<Double>
    let gram: UnsafePointer<Double>
    let offsets: UnsafePointer<Int>
    /// nil when no row has a rated item.
    let members: UnsafePointer<Int32>?
}
