import Foundation

/// The bookkeeping of AdaBoost.R2 (Drucker, "Improving Regressors using Boosting
/// Techniques", 1997) with the linear loss: the sample weights that pick the next
/// member's training rows, and the weights of the members kept so far.
///
/// Each round: train a member on rows drawn by `sampleWeights`, predict the rows,
/// `update`; stop when `stopped`. Combine with `PredictionCombiner.adaBoostPredict`.
public struct AdaBoostR2State: Sendable, Equatable {
    /// A distribution over the rows (sums to one).
    public var sampleWeights: [Double]
    /// `log(1/β)` of each kept member, in the order kept.
    public var memberWeights: [Double]
    /// Set once a member's average loss reaches one half (or it predicts every row
    /// exactly); later updates change nothing.
    public var stopped: Bool

    /// Equal weights over `rows` rows, no members.
    public init(rows: Int) {
        sampleWeights = [Double](repeating: rows > 0 ? 1 / Double(rows) : 0, count: max(rows, 0))
        memberWeights = []
        stopped = false
    }

    /// Scores a member's predictions of every row: linear loss
    /// `Lᵢ = |yᵢ − ŷᵢ| / maxⱼ |yⱼ − ŷⱼ|`, average loss `L̄ = Σ wᵢ·Lᵢ`. When `L̄ ≥ 0.5`, or
    /// the largest error is 0, the state stops and the member is not kept; otherwise
    /// `β = L̄ / (1 − L̄)`, the member is kept with weight `log(1/β)`, and
    /// `wᵢ ← wᵢ·β^(1 − Lᵢ)`, renormalised, so that badly predicted rows gain weight.
    ///
    /// - Returns: whether the member was kept.
    @discardableResult
    public mutating func update(predictions: [Double], targets: [Double]) -> Bool {
        let rows = sampleWeights.count
        precondition(predictions.count == rows && targets.count == rows, "one prediction and one target per row")
        guard !stopped else { return false }
        var losses = [Double](repeating: 0, count: rows)
        var largest = 0.0
        for row in 0..<rows {
            losses[row] = abs(targets[row] - predictions[row])
            if losses[row] > largest { largest = losses[row] }
        }
        var average = 0.0
        if largest > 0 && largest.isFinite {
            for row in 0..<rows {
                losses[row] /= largest
                average += sampleWeights[row] * losses[row]
            }
        }
        // `average > 0` also fails for a NaN loss or weights that no longer reach the worst rows.
        guard average > 0, average < 0.5 else {
            stopped = true
            return false
        }
        let beta = average / (1 - average)
        memberWeights.append(log(1 / beta))
        var total = 0.0
        for row in 0..<rows {
            sampleWeights[row] *= pow(beta, 1 - losses[row])
            total += sampleWeights[row]
        }
        for row in 0..<rows { sampleWeights[row] /= total }
        return true
    }
}

extension PredictionCombiner {
    /// AdaBoost.R2's prediction: per row, the weighted median of the members'
    /// predictions (`memberPredictions[m][row]`) with weights `log(1/β_m)`. Empty
    /// when there are no members.
    public static func adaBoostPredict(memberPredictions: [[Double]], memberWeights: [Double]) -> [Double] {
        precondition(memberPredictions.count == memberWeights.count, "one weight per member")
        let count = memberPredictions.count, rows = memberPredictions.first?.count ?? 0
        precondition(memberPredictions.allSatisfy { $0.count == rows }, "one prediction per row from every member")
        var combined = [Double](repeating: 0, count: rows)
        var column = [Double](repeating: 0, count: count)
        var order: [Int] = []
        order.reserveCapacity(count)
        memberWeights.withUnsafeBufferPointer { weights in
            column.withUnsafeMutableBufferPointer { values in
                for row in 0..<rows {
                    for member in 0..<count { values[member] = memberPredictions[member][row] }
                    combined[row] = weightedMedian(UnsafeBufferPointer(values), weights: weights, order: &order)
                }
            }
        }
        return combined
    }
}
