import MLCore

/// `ials`: implicit-feedback matrix factorization (Hu, Koren and Volinsky
/// 2008). Every (user, item) pair has preference p = 1 if the user rated the
/// item and 0 otherwise, weighed by confidence c = 1 + alpha for a rated pair
/// and 1 for the rest; whatever the rating's value, since a rating says the
/// user chose the item (the who-rated-what of `ease`). The factors minimise
///     Σ_{u,i} c_ui (p_ui - x_u·y_i)² + λ (Σ ‖x_u‖² + Σ ‖y_i‖²)
/// by alternating: users with the items fixed, then items with the users
/// fixed, each row by a few conjugate-gradient steps warm-started from its
/// current value (`ConjugateGradientRows`).
///
/// Two numbers, as with `ease`: x_u·y_i ranks items, while a rating asked
/// of the model is its baseline's.
public struct ImplicitALS: RatingModel {
    public static let kind = "ials"

    public struct Parameters: Sendable, Hashable {
        public var factors: Int
        /// Alternations (users, then items).
        public var iterations: Int
        /// λ, the L2 penalty on every factor row.
        public var reg: Double
        /// A rated pair's confidence is 1 + alpha.
        public var alpha: Double
        /// Conjugate-gradient steps per row and half-iteration.
        public var cgSteps: Int
        /// Standard deviation of the normal initial factors.
        public var initDeviation: Double
        /// Threads for the row solves; results are identical for any value.
        public var threads: Int
        /// The baseline that answers rating questions.
        public var baseline: Baseline.Parameters

        public init(
            factors: Int = 64, iterations: Int = 15, reg: Double = 0.05, alpha: Double = 10, cgSteps: Int = 3,
            initDeviation: Double = 0.01, threads: Int = 1, baseline: Baseline.Parameters = Baseline.Parameters()
        ) {
            self.factors = factors
            self.iterations = iterations
            self.reg = reg
            self.alpha = alpha
            self.cgSteps = cgSteps
            self.initDeviation = initDeviation
            self.threads = threads
            self.baseline = baseline
        }
    }

    public var parameters: Parameters

    public init(_ parameters: Parameters = Parameters()) { self.parameters = parameters }

    /// Throws `invalidParameter` for a parameter out of its range.
    func validate() throws {
        let kind = Self.kind, p = parameters
        try require(p.factors > 0, kind: kind, "factors must be positive, got \(p.factors)")
        try require(p.iterations >= 0, kind: kind, "iterations must not be negative, got \(p.iterations)")
        try require(p.reg > 0 && p.reg.isFinite, kind: kind, "reg must be positive, got \(p.reg)")
        try require(p.alpha >= 0 && p.alpha.isFinite, kind: kind, "alpha must not be negative, got \(p.alpha)")
        try require(p.cgSteps > 0, kind: kind, "cg_steps must be positive, got \(p.cgSteps)")
        try require(
            p.initDeviation >= 0 && p.initDeviation.isFinite, kind: kind,
            "init_std must not be negative, got \(p.initDeviation)")
        try require(p.threads > 0, kind: kind, "threads must be positive, got \(p.threads)")
    }

    public func fit(train: RatingSet, scale: ClosedRange<Double>, seed: UInt64) throws -> Fitted {
        let kind = Self.kind, p = parameters
        try validateTraining(train, scale: scale, kind: kind)
        try validate()
        let baseline = try Baseline(p.baseline).fit(train: train, scale: scale, seed: seed)
        let index = RatingIndex(train)
        let stride = LatentScores.stride(factors: p.factors)
        var generator = SeededGenerator(seed: seed, label: kind)
        func initialRows(_ count: Int) -> [Double] {
            var rows = [Double](repeating: 0, count: count * stride)
            for row in 0..<count {
                for f in 0..<p.factors { rows[row * stride + f] = p.initDeviation * generator.nextGaussian() }
            }
            return rows
        }
        var users = initialRows(index.userCount), items = initialRows(index.itemCount)
        let byUser = RatedRows(offsets: index.userOffsets, members: index.userItems)
        let byItem = RatedRows(offsets: index.itemOffsets, members: index.itemUsers)
        let solver = ConjugateGradientRows(stride: stride, steps: p.cgSteps, confidence: 1 + p.alpha, threads: p.threads)
        for iteration in 0..<p.iterations {
            solver.solve(&users, lists: byUser, fixed: items, gram: solver.gram(items, reg: p.reg, factors: p.factors))
            solver.solve(&items, lists: byItem, fixed: users, gram: solver.gram(users, reg: p.reg, factors: p.factors))
            guard allFinite(users) && allFinite(items) else {
                throw ModelError(
                    .diverged, model: kind,
                    "the factors stopped being finite in iteration \(iteration + 1) of \(p.iterations); raise reg or lower alpha")
            }
        }
        if p.iterations == 0 {
            // Rows without ratings score 0, as they would after any iteration.
            for row in 0..<byUser.rowCount where byUser.offsets[row] == byUser.offsets[row + 1] {
                for k in 0..<stride { users[row * stride + k] = 0 }
            }
            for row in 0..<byItem.rowCount where byItem.offsets[row] == byItem.offsets[row + 1] {
                for k in 0..<stride { items[row * stride + k] = 0 }
            }
        }
        return Fitted(
            baseline: baseline,
            latent: LatentScores(factors: p.factors, stride: stride, users: users, items: items, itemBiases: []))
    }

    /// Floating-point operations of a fit (every CG step taken): what the
    /// benchmark divides by the fit's time.
    public func flops(users: Int, items: Int, ratings: Int) -> Double {
        let p = parameters
        let half = { (solved: Int, fixed: Int) in
            ConjugateGradientRows.flops(
                solvedRows: solved, fixedRows: fixed, ratings: ratings, factors: p.factors, steps: p.cgSteps)
        }
        return Double(p.iterations) * (half(users, items) + half(items, users))
    }

    public typealias Fitted = LatentRanking
}
