import Foundation

/// Member weights learned online by recursive least squares with forgetting:
/// after every rating the weights (and an intercept) are those that minimise
/// the squared error of the combination over all ratings so far, each
/// weighted by `0.5^(age / halfLife)`, so `wᵢ(t)` follow what the members
/// have lately done. Unlike weights that only rank the members' errors, they
/// can lean past the best member, away from one that errs the same way.
/// The weights start at the equal average, held there by a weak ridge prior.
/// With `nonNegative`, there is no intercept and the predictions use the
/// least-squares weights projected onto the non-negative weights that sum to
/// one (the nearest such weights; the unconstrained ones keep learning).
public struct OnlineLeastSquares: Sendable, Equatable {
    public let members: Int
    public let intercept: Bool
    public let nonNegative: Bool
    /// The members' weights, then the intercept when there is one.
    public private(set) var coefficients: [Double]
    /// The inverse of the weighted Gram matrix, row-major.
    private var inverse: [Double]
    private let forgetting: Double

    /// Weights that start at `start` (the equal average when nil) and, with an
    /// intercept, at `intercept`.
    public init(
        members: Int, halfLife: Double, nonNegative: Bool = false, prior: Double = 1e-2, start: [Double]? = nil,
        intercept startIntercept: Double = 0
    ) {
        self.members = members
        self.intercept = !nonNegative
        self.nonNegative = nonNegative
        let size = members + (nonNegative ? 0 : 1)
        let weights =
            start.flatMap { $0.count == members ? $0 : nil } ?? [Double](repeating: 1 / Double(max(members, 1)), count: members)
        coefficients = weights + (nonNegative ? [] : [startIntercept])
        inverse = [Double](repeating: 0, count: size * size)
        for k in 0..<size { inverse[k * size + k] = 1 / prior }
        forgetting = pow(0.5, 1 / max(halfLife, 1e-9))
    }

    /// The combination of one rating's member predictions.
    public func predict(_ predictions: [Double]) -> Double {
        let weights = self.weights
        var value = intercept ? coefficients[members] : 0
        for member in 0..<members { value += weights[member] * predictions[member] }
        return value
    }

    /// The intercept (0 without one).
    public var interceptValue: Double { intercept ? coefficients[members] : 0 }

    /// The weights predictions use: the coefficients, or with `nonNegative` their projection onto the simplex.
    public var weights: [Double] {
        let own = Array(coefficients.prefix(members))
        return nonNegative ? Self.simplexProjection(own) : own
    }

    /// The point of {w ≥ 0, Σw = 1} nearest to `values` (Held, Wolfe and Crowder's sort-based rule).
    static func simplexProjection(_ values: [Double]) -> [Double] {
        let sorted = values.sorted(by: >)
        var total = 0.0, shift = 0.0
        for (index, value) in sorted.enumerated() {
            total += value
            let candidate = (total - 1) / Double(index + 1)
            if value - candidate > 0 { shift = candidate }
        }
        return values.map { max($0 - shift, 0) }
    }

    /// The unclipped combination that the next step learns from.
    private func raw(_ x: [Double]) -> Double {
        var value = 0.0
        for k in coefficients.indices { value += coefficients[k] * x[k] }
        return value
    }

    /// One recursive least-squares step on a rating and its members' predictions.
    public mutating func learn(predictions: [Double], rating: Double) {
        let size = coefficients.count
        var x = predictions
        if intercept { x.append(1) }
        var px = [Double](repeating: 0, count: size)
        var denominator = forgetting
        for row in 0..<size {
            var sum = 0.0
            for column in 0..<size { sum += inverse[row * size + column] * x[column] }
            px[row] = sum
            denominator += x[row] * sum
        }
        guard denominator.isFinite, denominator > 0 else { return }
        let error = rating - raw(x)
        for row in 0..<size { coefficients[row] += px[row] / denominator * error }
        // P ← (P − P x xᵀ P / d) / λ, kept symmetric.
        for row in 0..<size {
            for column in row..<size {
                let value = (inverse[row * size + column] - px[row] * px[column] / denominator) / forgetting
                inverse[row * size + column] = value
                inverse[column * size + row] = value
            }
        }
    }

    /// The combined predictions of a stream (`members[m][k]`: member m's
    /// prediction of the k-th rating in time order), each batch with the
    /// weights learned before it, clipped to `scale`.
    public static func combine(
        members: [[Double]], ratings: [Double], batch: Int, halfLife: Double, nonNegative: Bool = false,
        scale: ClosedRange<Double>
    ) -> (values: [Double], final: OnlineLeastSquares) {
        var state = OnlineLeastSquares(members: members.count, halfLife: halfLife, nonNegative: nonNegative)
        let count = ratings.count
        precondition(members.allSatisfy { $0.count == count }, "one prediction per rating from every member")
        var values = [Double](repeating: 0, count: count)
        var columns = [[Double]](repeating: [Double](repeating: 0, count: members.count), count: max(batch, 1))
        var first = 0
        while first < count {
            let end = min(first + max(batch, 1), count)
            for position in first..<end {
                for member in members.indices { columns[position - first][member] = members[member][position] }
                values[position] = clip(state.predict(columns[position - first]), to: scale)
            }
            for position in first..<end { state.learn(predictions: columns[position - first], rating: ratings[position]) }
            first = end
        }
        return (values, state)
    }
}
