import Foundation

/// How member weights are learned from validation predictions.
public enum WeightFit: Sendable, Hashable {
    /// Ordinary least squares with an intercept (with a whisper of ridge, 1e-9 per
    /// row, so that two members that agree exactly still give a solvable system).
    case leastSquares
    /// Non-negative least squares (Lawson–Hanson) without intercept, the weights then
    /// scaled to sum to one; the equal average when every weight is zero.
    case nonNegative
    /// `wᵢ ∝ 1 / rmseᵢ^power`, summing to one; `power` ≥ 0 (0 is the equal average).
    /// Members with zero error share all the weight.
    case inverseError(power: Double)
}

extension PredictionCombiner {
    /// Learns member weights from the members' validation predictions
    /// (`members[m][row]`) and the true ratings.
    ///
    /// - Throws: `ModelError` with `invalidParameter` when there are no members, a
    ///   member's prediction count differs from the targets', or the fit's parameter is
    ///   out of range; `emptyTrainingSet` when there are no rows.
    public static func fitWeights(_ fit: WeightFit, members: [[Double]], targets: [Double]) throws -> LinearCombination {
        try checkFit(fit)
        try checkInputs(members: members, targets: targets)
        return try fitWeights(fit, design: DesignMatrix(columns: members, rows: targets.count), targets: targets)
    }

    /// Fixed weights, scaled to sum to one.
    ///
    /// - Throws: `ModelError.invalidParameter` unless every weight is finite and
    ///   non-negative and at least one is positive.
    public static func normalizedWeights(_ weights: [Double]) throws -> LinearCombination {
        guard !weights.isEmpty else {
            throw ModelError(.invalidParameter, model: "combine", "there are no weights to normalize")
        }
        for (index, weight) in weights.enumerated() where !(weight.isFinite && weight >= 0) {
            throw ModelError(
                .invalidParameter, model: "combine",
                "weight \(index + 1) is \(weight); weights must be finite and not negative")
        }
        var total = 0.0
        for weight in weights { total += weight }
        guard total > 0 else {
            throw ModelError(.invalidParameter, model: "combine", "the weights are all zero; at least one must be positive")
        }
        return LinearCombination(weights: weights.map { $0 / total })
    }

    /// `fitWeights` on checked inputs held in a design matrix.
    static func fitWeights(_ fit: WeightFit, design: DesignMatrix, targets: [Double]) throws -> LinearCombination {
        switch fit {
        case .leastSquares:
            return try leastSquares(design, targets: targets, alpha: 1e-9 * Double(targets.count), intercept: true)
        case .nonNegative:
            return normalizedOrAverage(NonNegativeLeastSquares.solve(design, targets: targets))
        case .inverseError(let power):
            return inverseError(design.rootMeanSquaredErrors(targets: targets), power: power)
        }
    }

    /// Throws unless the fit's parameters are in range.
    static func checkFit(_ fit: WeightFit) throws {
        if case .inverseError(let power) = fit, !(power.isFinite && power >= 0) {
            throw ModelError(.invalidParameter, model: "combine", "the inverse-error power must be a number ≥ 0, got \(power)")
        }
    }

    /// Throws unless there is a member, a row, and one prediction per row from every member.
    static func checkInputs(members: [[Double]], targets: [Double]) throws {
        guard !members.isEmpty else {
            throw ModelError(.invalidParameter, model: "combine", "there are no predictions to combine")
        }
        guard !targets.isEmpty else {
            throw ModelError(
                .emptyTrainingSet, model: "combine",
                "the combiner has no validation rows to learn from; set split.validation above 0")
        }
        for (index, member) in members.enumerated() where member.count != targets.count {
            throw ModelError(
                .invalidParameter, model: "combine",
                "sub-model \(index + 1) has \(member.count) validation predictions for \(targets.count) ratings")
        }
    }

    /// Non-negative weights scaled to sum to one; the equal average when all are zero.
    static func normalizedOrAverage(_ weights: [Double]) -> LinearCombination {
        var total = 0.0
        for weight in weights { total += weight }
        guard total > 0 else { return .average(of: weights.count) }
        return LinearCombination(weights: weights.map { $0 / total })
    }

    /// Weights proportional to `1 / errorᵢ^power`, computed as `(min error / errorᵢ)^power`
    /// so that no power overflows.
    private static func inverseError(_ errors: [Double], power: Double) -> LinearCombination {
        var smallest = Double.infinity
        for error in errors where error < smallest { smallest = error }
        guard smallest.isFinite else { return .average(of: errors.count) }
        var weights = [Double](repeating: 0, count: errors.count)
        for (index, error) in errors.enumerated() {
            if smallest == 0 {
                weights[index] = error == 0 ? 1 : 0
            } else {
                weights[index] = pow(smallest / error, power)
            }
        }
        return normalizedOrAverage(weights)
    }
}
