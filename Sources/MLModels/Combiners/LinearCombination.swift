/// A linear combination of sub-model predictions: `intercept + Σ wᵢ·pᵢ`,
/// clipped to the rating scale.
public struct LinearCombination: Sendable, Equatable {
    public var weights: [Double]
    public var intercept: Double

    public init(weights: [Double], intercept: Double = 0) {
        self.weights = weights
        self.intercept = intercept
    }

    /// The equal-weight mean of `count` members.
    public static func average(of count: Int) -> LinearCombination {
        LinearCombination(weights: Array(repeating: 1 / Double(max(count, 1)), count: count))
    }

    /// Combines member predictions given column-wise (`members[m][row]`).
    public func apply(_ members: [[Double]], scale: ClosedRange<Double>) -> [Double] {
        precondition(members.count == weights.count, "one weight per member")
        let rows = members.first?.count ?? 0
        var combined = [Double](repeating: intercept, count: rows)
        for (member, weight) in zip(members, weights) {
            for row in 0..<rows { combined[row] += weight * member[row] }
        }
        return combined.map { clip($0, to: scale) }
    }
}

/// How a combination is learned from validation predictions.
public enum CombinationRule: Sendable, Equatable {
    case average
    /// Least-squares weights without intercept, negative weights dropped;
    /// with `normalize`, scaled to sum to one.
    case weighted(normalize: Bool)
    /// A ridge (or, with alpha 0, ordinary least squares) meta-model on the
    /// members' predictions.
    case stacking(alpha: Double, intercept: Bool)
}

public enum PredictionCombiner {
    /// Learns a combination from the members' validation predictions (`members[m][row]`) and the true ratings.
    public static func fit(_ rule: CombinationRule, members: [[Double]], targets: [Double]) throws -> LinearCombination {
        let count = members.count
        guard count > 0 else { throw ModelError(.invalidParameter, model: "combine", "there are no predictions to combine") }
        if rule == .average { return .average(of: count) }
        guard !targets.isEmpty, members.allSatisfy({ $0.count == targets.count }) else {
            throw ModelError(
                .emptyTrainingSet, model: "combine",
                "the combiner has no validation rows to learn from; set split.validation above 0")
        }
        switch rule {
        case .average:
            return .average(of: count)
        case .weighted(let normalize):
            // A whisper of ridge keeps the system solvable when two members agree exactly.
            var weights = try leastSquares(
                members: members, targets: targets, alpha: 1e-9 * Double(targets.count), intercept: false
            ).weights
            weights = weights.map { max(0, $0) }
            let total = weights.reduce(0, +)
            if total <= 0 { return .average(of: count) }
            if normalize { weights = weights.map { $0 / total } }
            return LinearCombination(weights: weights)
        case .stacking(let alpha, let intercept):
            return try leastSquares(members: members, targets: targets, alpha: alpha, intercept: intercept)
        }
    }

    /// Solves (XᵀX + αI) w = Xᵀy; the intercept, when fitted, is not penalized
    /// (the columns are centred first).
    static func leastSquares(
        members: [[Double]], targets: [Double], alpha: Double, intercept: Bool
    ) throws -> LinearCombination {
        let design = DesignMatrix(columns: members, rows: targets.count)
        return try leastSquares(design, targets: targets, alpha: alpha, intercept: intercept)
    }

    /// `leastSquares(members:targets:alpha:intercept:)` on the columns of a design matrix.
    static func leastSquares(
        _ design: DesignMatrix, targets: [Double], alpha: Double, intercept: Bool
    ) throws -> LinearCombination {
        let count = design.columns
        let targetMean = intercept ? targets.reduce(0, +) / Double(targets.count) : 0
        let means = intercept ? design.columnMeans() : [Double](repeating: 0, count: count)
        var (gram, moment) = design.crossProducts(targets: targets, means: means, targetMean: targetMean)
        for a in 0..<count { gram[a * count + a] += alpha }
        guard let weights = solveSymmetric(gram, moment, size: count) else {
            throw ModelError(
                .invalidParameter, model: "combine",
                "the stacking system is singular: two sub-models predict the same values; add 'alpha' above 0")
        }
        var offset = 0.0
        if intercept {
            var fitted = 0.0
            for a in 0..<count { fitted += weights[a] * means[a] }
            offset = targetMean - fitted
        }
        return LinearCombination(weights: weights, intercept: offset)
    }

    /// Gaussian elimination with partial pivoting; `nil` when singular.
    static func solveSymmetric(_ matrix: [Double], _ vector: [Double], size: Int) -> [Double]? {
        var a = matrix, b = vector
        for column in 0..<size {
            guard let pivot = (column..<size).max(by: { abs(a[$0 * size + column]) < abs(a[$1 * size + column]) }),
                abs(a[pivot * size + column]) > 1e-12
            else { return nil }
            if pivot != column {
                for k in 0..<size { a.swapAt(pivot * size + k, column * size + k) }
                b.swapAt(pivot, column)
            }
            for row in (column + 1)..<size {
                let factor = a[row * size + column] / a[column * size + column]
                for k in column..<size { a[row * size + k] -= factor * a[column * size + k] }
                b[row] -= factor * b[column]
            }
        }
        var solution = [Double](repeating: 0, count: size)
        for row in stride(from: size - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in (row + 1)..<size { sum -= a[row * size + k] * solution[k] }
            solution[row] = sum / a[row * size + row]
        }
        return solution.allSatisfy(\.isFinite) ? solution : nil
    }
}
