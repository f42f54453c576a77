import MLCore
@testable import MLModels

/// Members and targets for combiner tests: `members[m][row]`.
struct CombinerData {
    var members: [[Double]]
    var targets: [Double]
}

/// `count` independent members around 3 (sd 1) and targets `Σ wᵢ·memberᵢ + noise`.
func linearlyMixed(weights: [Double], rows: Int, noise: Double, seed: UInt64) -> CombinerData {
    var generator = SeededGenerator(seed: seed, label: "test.mixed")
    let members = weights.map { _ in (0..<rows).map { _ in 3 + generator.nextGaussian() } }
    var targets = [Double](repeating: 0, count: rows)
    for row in 0..<rows {
        for (member, weight) in zip(members, weights) { targets[row] += weight * member[row] }
        targets[row] += noise * generator.nextGaussian()
    }
    return CombinerData(members: members, targets: targets)
}

/// Targets uniform in 1...5 and members that add Gaussian noise of the given sizes.
func noisyMembers(noise: [Double], rows: Int, seed: UInt64) -> CombinerData {
    var generator = SeededGenerator(seed: seed, label: "test.noisy")
    let targets = (0..<rows).map { _ in 1 + 4 * generator.nextUnit() }
    let members = noise.map { size in targets.map { $0 + size * generator.nextGaussian() } }
    return CombinerData(members: members, targets: targets)
}

func sumOfSquaredResiduals(_ design: DesignMatrix, _ weights: [Double], _ targets: [Double]) -> Double {
    var total = 0.0
    for row in 0..<design.rows {
        var fitted = 0.0
        for column in 0..<design.columns { fitted += weights[column] * design.values[column * design.rows + row] }
        total += (targets[row] - fitted) * (targets[row] - fitted)
    }
    return total
}

/// `PredictionCombiner.leastSquares` as it was before it moved onto `DesignMatrix`,
/// kept verbatim so that the pipelines' `.weighted` and `.stacking` results can be
/// checked to stay bit-identical.
func referenceLeastSquares(members: [[Double]], targets: [Double], alpha: Double, intercept: Bool) -> LinearCombination? {
    let count = members.count, rows = Double(targets.count)
    let targetMean = intercept ? targets.reduce(0, +) / rows : 0
    let means = members.map { intercept ? $0.reduce(0, +) / rows : 0 }
    var gram = [Double](repeating: 0, count: count * count)
    var moment = [Double](repeating: 0, count: count)
    for a in 0..<count {
        for b in a..<count {
            var sum = 0.0
            for row in targets.indices { sum += (members[a][row] - means[a]) * (members[b][row] - means[b]) }
            gram[a * count + b] = sum
            gram[b * count + a] = sum
        }
        var sum = 0.0
        for row in targets.indices { sum += (members[a][row] - means[a]) * (targets[row] - targetMean) }
        moment[a] = sum
        gram[a * count + a] += alpha
    }
    guard let weights = PredictionCombiner.solveSymmetric(gram, moment, size: count) else { return nil }
    let offset = intercept ? targetMean - zip(weights, means).reduce(0) { $0 + $1.0 * $1.1 } : 0
    return LinearCombination(weights: weights, intercept: offset)
}
