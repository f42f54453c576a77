import Foundation

/// Member weights learned online, `wᵢ(t)`: each member's recent error is the
/// exponentially weighted mean of its squared error (half-life `halfLife`
/// ratings), and each weight is proportional to that error to the power
/// `−power`, so the member that has lately been best counts most (power 1
/// is inverse-error weighting; a larger power follows the leader more
/// closely). Before any error is known the weights are equal.
public struct OnlineWeights: Sendable, Equatable {
    public var halfLife: Double
    public var power: Double
    /// Recent squared error of each member; `nil` before the first rating.
    public private(set) var recentErrors: [Double]?

    public init(halfLife: Double, power: Double = 1) {
        self.halfLife = halfLife
        self.power = power
    }

    /// The weights in force now, summing to one.
    public func weights(members: Int) -> [Double] {
        guard let errors = recentErrors, errors.count == members else {
            return [Double](repeating: 1 / Double(max(members, 1)), count: members)
        }
        // A floor keeps a member that was exact so far from taking every weight by a division by zero.
        let best = max(errors.min() ?? 1, 1e-9)
        // Relative to the best member's error, so a large power cannot overflow.
        let inverse = errors.map { pow(best / max($0, 1e-9), power) }
        let total = inverse.reduce(0, +)
        return inverse.map { $0 / total }
    }

    /// Takes in each member's prediction of one rating and the rating.
    public mutating func learn(predictions: [Double], rating: Double) {
        let decay = pow(0.5, 1 / max(halfLife, 1e-9))
        guard var errors = recentErrors, errors.count == predictions.count else {
            recentErrors = predictions.map { ($0 - rating) * ($0 - rating) }
            return
        }
        for member in errors.indices {
            let error = predictions[member] - rating
            errors[member] = decay * errors[member] + (1 - decay) * error * error
        }
        recentErrors = errors
    }

    /// The combined predictions of a stream: `members[m][k]` is member m's
    /// prediction of the k-th rating in time order. Each batch of `batch`
    /// ratings is combined with the weights in force before it, then the
    /// weights learn from it. Values are clipped to `scale`.
    public static func combine(
        members: [[Double]], ratings: [Double], batch: Int, halfLife: Double, power: Double = 1,
        scale: ClosedRange<Double>
    ) -> (values: [Double], finalWeights: [Double]) {
        var state = OnlineWeights(halfLife: halfLife, power: power)
        let count = ratings.count, memberCount = members.count
        precondition(members.allSatisfy { $0.count == count }, "one prediction per rating from every member")
        var values = [Double](repeating: 0, count: count)
        var column = [Double](repeating: 0, count: memberCount)
        var first = 0
        while first < count {
            let end = min(first + max(batch, 1), count)
            let weights = state.weights(members: memberCount)
            for position in first..<end {
                var value = 0.0
                for member in 0..<memberCount { value += weights[member] * members[member][position] }
                values[position] = clip(value, to: scale)
            }
            for position in first..<end {
                for member in 0..<memberCount { column[member] = members[member][position] }
                state.learn(predictions: column, rating: ratings[position])
            }
            first = end
        }
        return (values, state.weights(members: memberCount))
    }
}
