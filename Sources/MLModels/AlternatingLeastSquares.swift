import Dispatch
import MLCore

/// `als`: biased matrix factorization r̂ = μ + b_u + b_i + q_i·p_u trained by
/// alternating least squares: with the item side fixed, each user's (p_u, b_u)
/// is an exact ridge regression, and the other way round.
///
/// Regularization is weighted by the number of ratings of the row (λ·n_u, as
/// in ALS-WR), so one value suits both light and heavy users.
/// Rows are solved in parallel over a fixed partition; each row's arithmetic is
/// sequential, so results do not depend on the number of threads.
public struct AlternatingLeastSquares: IterativeModel {
    public static let kind = "als"

    public struct Parameters: Sendable, Hashable {
        public var factors: Int
        public var epochs: Int
        public var reg: Double
        public var initDeviation: Double
        /// Threads for the row solves; results are identical for any value.
        public var threads: Int

        public init(factors: Int = 50, epochs: Int = 15, reg: Double = 0.1, initDeviation: Double = 0.1, threads: Int = 2) {
            self.factors = factors
            self.epochs = epochs
            self.reg = reg
            self.initDeviation = initDeviation
            self.threads = threads
        }
    }

    public var parameters: Parameters

    public init(_ parameters: Parameters = Parameters()) { self.parameters = parameters }

    public func fit(train: RatingSet, scale: ClosedRange<Double>, seed: UInt64) throws -> Fitted {
        try fit(train: train, scale: scale, seed: seed, observer: nil)
    }

    public func fit(train: RatingSet, scale: ClosedRange<Double>, seed: UInt64, observer: EpochObserver?) throws -> Fitted {
        let kind = Self.kind, p = parameters
        try validateTraining(train, scale: scale, kind: kind)
        try validate()
        let index = RatingIndex(train)
        let width = p.factors + 1  // factors, then the bias
        var generator = SeededGenerator(seed: seed, label: kind)
        // Rows of [factors..., bias]; biases start at 0.
        var state = State(
            users: [Double](repeating: 0, count: index.userCount * width),
            items: [Double](repeating: 0, count: index.itemCount * width))
        for row in 0..<index.userCount {
            for f in 0..<p.factors { state.users[row * width + f] = p.initDeviation * generator.nextGaussian() }
        }
        for row in 0..<index.itemCount {
            for f in 0..<p.factors { state.items[row * width + f] = p.initDeviation * generator.nextGaussian() }
        }

        let userSide = RowLists(offsets: index.userOffsets, members: index.userItems, values: index.userValues)
        let itemSide = RowLists(offsets: index.itemOffsets, members: index.itemUsers, values: index.itemValues)
        let knownUsers = KnownIndices(offsets: index.userOffsets), knownItems = KnownIndices(offsets: index.itemOffsets)
        let hint = "regularization \(p.reg) is likely too small for \(p.factors) factors"
        let runner = EpochRunner(kind: kind, epochs: p.epochs, observer: observer)
        var epochNumber = 0
        let losses = try runner.run(
            state: &state,
            epoch: { state in
                epochNumber += 1
                guard
                    solveRows(
                        &state.users, lists: userSide, fixed: state.items, width: width, mean: index.globalMean,
                        reg: p.reg, threads: p.threads),
                    solveRows(
                        &state.items, lists: itemSide, fixed: state.users, width: width, mean: index.globalMean,
                        reg: p.reg, threads: p.threads)
                else {
                    throw ModelError(
                        .diverged, model: kind,
                        "training diverged in epoch \(epochNumber) of \(p.epochs): a least-squares system was singular; \(hint)")
                }
                return trainingLoss(userSide, users: state.users, items: state.items, width: width, mean: index.globalMean)
            },
            isFinite: { allFinite($0.users) && allFinite($0.items) }, likelyCause: hint,
            current: { state, losses in
                Fitted(
                    mean: index.globalMean, width: width, users: state.users, items: state.items,
                    knownUsers: knownUsers, knownItems: knownItems, epochLosses: losses, scale: scale)
            })
        return Fitted(
            mean: index.globalMean, width: width, users: state.users, items: state.items,
            knownUsers: knownUsers, knownItems: knownItems, epochLosses: losses, scale: scale)
    }

    /// Throws `invalidParameter` for a parameter out of its range.
    func validate() throws {
        let kind = Self.kind, p = parameters
        try require(p.factors > 0, kind: kind, "factors must be positive, got \(p.factors)")
        try require(p.epochs >= 0, kind: kind, "epochs must not be negative, got \(p.epochs)")
        try require(p.reg >= 0, kind: kind, "regularization must not be negative, got \(p.reg)")
    }

    /// Rows of [factors..., bias] for every user and item.
    struct State: Sendable {
        var users: [Double]
        var items: [Double]
    }

    /// Ratings grouped by the rows being solved; members index the fixed side.
    struct RowLists: Sendable {
        let offsets: [Int]
        let members: [Int32]
        let values: [Double]
        var rowCount: Int { offsets.count - 1 }
    }

    /// Solves every row of `solved` against the fixed side; false if a system was not positive definite.
    /// With `priors`, a row whose weight is negative is left alone, and a
    /// positive weight pulls the row's solution toward its current value.
    func solveRows(
        _ solved: inout [Double], lists: RowLists, fixed: [Double], width: Int,
        mean: Double, reg: Double, threads: Int, priors: [Double]? = nil
    ) -> Bool {
        let rowCount = lists.rowCount
        let chunkCount = max(1, min(threads, rowCount))
        var failures = [Bool](repeating: false, count: chunkCount)
        solved.withUnsafeMutableBufferPointer { solved in
            failures.withUnsafeMutableBufferPointer { failures in
                fixed.withUnsafeBufferPointer { fixed in
                    lists.offsets.withUnsafeBufferPointer { offsets in
                        lists.members.withUnsafeBufferPointer { members in
                            lists.values.withUnsafeBufferPointer { values in
                                guard let solved = solved.baseAddress, let failures = failures.baseAddress,
                                    let fixed = fixed.baseAddress,
                                    let offsets = offsets.baseAddress, let members = members.baseAddress
                                else { return }
                                // An empty value list means no row has ratings: nothing to solve.
                                guard let values = values.baseAddress else { return }
                                let shared = SharedBuffers(
                                    solved: solved, failures: failures, fixed: fixed,
                                    offsets: offsets, members: members, values: values, priors: priors)
                                DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                                    var system = RidgeSystem(width: width)
                                    for row in (rowCount * chunk / chunkCount)..<(rowCount * (chunk + 1) / chunkCount) {
                                        let start = shared.offsets[row], end = shared.offsets[row + 1]
                                        guard end > start else { continue }
                                        let prior = shared.priors?[row] ?? 0
                                        guard prior >= 0 else { continue }
                                        system.reset()
                                        for k in start..<end {
                                            let other = shared.fixed + Int(shared.members[k]) * width
                                            // Features: the other side's factors and 1 (for this row's bias); the
                                            // target leaves out the other side's bias.
                                            system.add(features: other, target: shared.values[k] - mean - other[width - 1])
                                        }
                                        if prior > 0 { system.addPrior(weight: prior, toward: shared.solved + row * width) }
                                        if !system.solve(ridge: reg * Double(end - start), into: shared.solved + row * width) {
                                            shared.failures[chunk] = true
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return !failures.contains(true)
    }

    func trainingLoss(_ lists: RowLists, users: [Double], items: [Double], width: Int, mean: Double) -> Double {
        var loss = 0.0
        for u in 0..<lists.rowCount {
            for k in lists.offsets[u]..<lists.offsets[u + 1] {
                let i = Int(lists.members[k])
                var estimate = mean + users[u * width + width - 1] + items[i * width + width - 1]
                for f in 0..<(width - 1) { estimate += users[u * width + f] * items[i * width + f] }
                loss += (lists.values[k] - estimate) * (lists.values[k] - estimate)
            }
        }
        return loss
    }

    public struct Fitted: PointPredictor {
        public let mean: Double
        let width: Int
        let users: [Double]
        let items: [Double]
        let knownUsers: KnownIndices
        let knownItems: KnownIndices
        /// Sum of squared training errors after each epoch.
        public let epochLosses: [Double]
        public let scale: ClosedRange<Double>

        public func estimate(user: Int32, item: Int32) -> (value: Double, fallback: PredictionFallback) {
            var fallback: PredictionFallback = []
            let userKnown = knownUsers.contains(user), itemKnown = knownItems.contains(item)
            var value = mean
            if userKnown { value += users[Int(user) * width + width - 1] } else { fallback.insert(.unknownUser) }
            if itemKnown { value += items[Int(item) * width + width - 1] } else { fallback.insert(.unknownItem) }
            if userKnown && itemKnown {
                let u = Int(user) * width, i = Int(item) * width
                for f in 0..<(width - 1) { value += users[u + f] * items[i + f] }
            }
            return (value, fallback)
        }
    }
}

/// Pointers shared by the parallel row solves. Safe to send: every chunk writes
/// only its own rows of `solved` and its own slot of `failures`, and reads
/// buffers that nothing writes during the solve.
private struct SharedBuffers: @unchecked Sendable {
    let solved: UnsafeMutablePointer<Double>
    let failures: UnsafeMutablePointer<Bool>
    let fixed: UnsafePointer<Double>
    let offsets: UnsafePointer<Int>
    let members: UnsafePointer<Int32>
    let values: UnsafePointer<Double>
    /// Read-only weights of an update's pull toward the current rows.
    let priors: [Double]?
}

/// Normal equations (XᵀX + λI) w = Xᵀy for one row, the features being the
/// fixed side's factors followed by a constant 1; solved by Cholesky.
struct RidgeSystem {
    let width: Int
    /// Doubles per matrix row: `width` rounded up to whole 4-lane chunks.
    private let rowStride: Int
    private var matrix: [SIMD4<Double>]
    private var rightSide: [Double]
    /// The current observation's features, zero past `width`.
    private var features: [SIMD4<Double>]

    init(width: Int) {
        self.width = width
        let chunks = (width + 3) / 4
        rowStride = chunks * 4
        matrix = [SIMD4<Double>](repeating: .zero, count: width * chunks)
        rightSide = [Double](repeating: 0, count: width)
        features = [SIMD4<Double>](repeating: .zero, count: chunks)
    }

    mutating func reset() {
        for k in matrix.indices { matrix[k] = .zero }
        for k in rightSide.indices { rightSide[k] = 0 }
    }

    /// Adds one observation; `features` points at a stored row whose last slot (the bias) is replaced by 1.
    mutating func add(features row: UnsafePointer<Double>, target: Double) {
        let width = self.width, chunks = rowStride / 4
        features.withUnsafeMutableBufferPointer { chunked in
            matrix.withUnsafeMutableBufferPointer { a in
                rightSide.withUnsafeMutableBufferPointer { b in
                    chunked.withMemoryRebound(to: Double.self) { x in
                        for f in 0..<(width - 1) { x[f] = row[f] }
                        x[width - 1] = 1
                        for r in 0..<width { b[r] += x[r] * target }
                    }
                    // Row r up to the chunk holding the diagonal: the lower triangle, which is all
                    // Cholesky reads, four products at a time (each entry sums in the same order).
                    for r in 0..<width {
                        let xr = SIMD4<Double>(repeating: chunked[r / 4][r % 4])
                        for c in 0...(r / 4) { a[r * chunks + c] += xr * chunked[c] }
                    }
                }
            }
        }
    }

    /// Adds weight · ‖w - row‖² to the objective: `weight` on the diagonal and
    /// weight · row on the right side, `row` being a stored row including its bias.
    mutating func addPrior(weight: Double, toward row: UnsafePointer<Double>) {
        let chunks = rowStride / 4
        for r in 0..<width {
            matrix[r * chunks + r / 4][r % 4] += weight
            rightSide[r] += weight * row[r]
        }
    }

    /// Writes the solution to `output`; false when the matrix is not positive definite.
    mutating func solve(ridge: Double, into output: UnsafeMutablePointer<Double>) -> Bool {
        let width = self.width, n = rowStride
        return matrix.withUnsafeMutableBufferPointer { chunked in
            chunked.withMemoryRebound(to: Double.self) { a in
                rightSide.withUnsafeMutableBufferPointer { b in
                    for d in 0..<width { a[d * n + d] += ridge }
                    // In-place Cholesky: A = L Lᵀ in the lower triangle.
                    for j in 0..<width {
                        var diagonal = a[j * n + j]
                        for k in 0..<j { diagonal -= a[j * n + k] * a[j * n + k] }
                        guard diagonal > 0, diagonal.isFinite else { return false }
                        let pivot = diagonal.squareRoot()
                        a[j * n + j] = pivot
                        for r in (j + 1)..<width {
                            var value = a[r * n + j]
                            for k in 0..<j { value -= a[r * n + k] * a[j * n + k] }
                            a[r * n + j] = value / pivot
                        }
                    }
                    // L z = b, then Lᵀ w = z.
                    for r in 0..<width {
                        var value = b[r]
                        for k in 0..<r { value -= a[r * n + k] * b[k] }
                        b[r] = value / a[r * n + r]
                    }
                    for r in stride(from: width - 1, through: 0, by: -1) {
                        var value = b[r]
                        for k in (r + 1)..<width { value -= a[k * n + r] * output[k] }
                        output[r] = value / a[r * n + r]
                    }
                    return true
                }
            }
        }
    }
}
