import Foundation
import MLCore

/// `bpr`: Bayesian Personalised Ranking (Rendle et al. 2009). A user's score
/// for an item is x_u·y_i + b_i, trained so that an item the user rated
/// outscores one they did not: each step draws a rated (user, item) pair
/// uniformly and an item uniformly from the catalogue (the draw is skipped,
/// as `implicit` does, when the user rated that item too), and climbs
/// ln σ(s_ui - s_uj) - reg · (‖x_u‖² + ‖y_i‖² + ‖y_j‖² + b_i² + b_j²) by SGD.
/// An epoch is as many draws as there are ratings.
///
/// Training is sequential and every draw comes from the seeded generator,
/// so a seed gives the same bits. Factors train in single precision,
/// eight lanes at a time.
///
/// Two numbers, as with `ease`: the scores rank items, while a rating asked
/// of the model is its baseline's.
public struct BayesianPersonalizedRanking: RatingModel {
    public static let kind = "bpr"

    public struct Parameters: Sendable, Hashable {
        public var factors: Int
        public var epochs: Int
        public var learningRate: Double
        /// L2 penalty on the factors and biases a step touches.
        public var reg: Double
        /// Standard deviation of the normal initial factors (biases start at 0).
        public var initDeviation: Double
        /// The baseline that answers rating questions.
        public var baseline: Baseline.Parameters

        public init(
            factors: Int = 64, epochs: Int = 50, learningRate: Double = 0.05, reg: Double = 0.01,
            initDeviation: Double = 0.1, baseline: Baseline.Parameters = Baseline.Parameters()
        ) {
            self.factors = factors
            self.epochs = epochs
            self.learningRate = learningRate
            self.reg = reg
            self.initDeviation = initDeviation
            self.baseline = baseline
        }
    }

    public var parameters: Parameters

    public init(_ parameters: Parameters = Parameters()) { self.parameters = parameters }

    /// Throws `invalidParameter` for a parameter out of its range.
    func validate() throws {
        let kind = Self.kind, p = parameters
        try require(p.factors > 0, kind: kind, "factors must be positive, got \(p.factors)")
        try require(p.epochs >= 0, kind: kind, "epochs must not be negative, got \(p.epochs)")
        try require(
            p.learningRate > 0 && p.learningRate.isFinite, kind: kind, "lr must be positive, got \(p.learningRate)")
        try require(p.reg >= 0 && p.reg.isFinite, kind: kind, "reg must not be negative, got \(p.reg)")
        try require(
            p.initDeviation >= 0 && p.initDeviation.isFinite, kind: kind,
            "init_std must not be negative, got \(p.initDeviation)")
    }

    public func fit(train: RatingSet, scale: ClosedRange<Double>, seed: UInt64) throws -> Fitted {
        let kind = Self.kind, p = parameters
        try validateTraining(train, scale: scale, kind: kind)
        try validate()
        let baseline = try Baseline(p.baseline).fit(train: train, scale: scale, seed: seed)
        let index = RatingIndex(train)
        var generator = SeededGenerator(seed: seed, label: kind)
        var users = FactorMatrix(rows: index.userCount, factors: p.factors)
        var items = FactorMatrix(rows: index.itemCount, factors: p.factors)
        users.fillNormal(mean: 0, deviation: p.initDeviation, generator: &generator)
        items.fillNormal(mean: 0, deviation: p.initDeviation, generator: &generator)
        var biases = [Float](repeating: 0, count: index.itemCount)
        let pairs = RatedPairs(index)
        for epoch in 0..<p.epochs {
            trainEpoch(pairs, users: &users, items: &items, biases: &biases, generator: &generator)
            guard users.isFinite && items.isFinite && allFinite(biases) else {
                throw ModelError(
                    .diverged, model: kind,
                    "the factors stopped being finite in epoch \(epoch + 1) of \(p.epochs); "
                        + learningRateHint(p.learningRate, default: Parameters().learningRate))
            }
        }
        // Rows without ratings were never drawn as the rated side: their factors are zero (an item keeps its bias).
        let stride = LatentScores.stride(factors: p.factors)
        func rows(_ matrix: FactorMatrix, offsets: [Int]) -> [Double] {
            var rows = [Double](repeating: 0, count: matrix.rows * stride)
            for row in 0..<matrix.rows where offsets[row] < offsets[row + 1] {
                for (f, value) in matrix.row(row).enumerated() { rows[row * stride + f] = Double(value) }
            }
            return rows
        }
        let latent = LatentScores(
            factors: p.factors, stride: stride, users: rows(users, offsets: index.userOffsets),
            items: rows(items, offsets: index.itemOffsets), itemBiases: biases.map { Double($0) })
        return Fitted(baseline: baseline, latent: latent)
    }

    /// One epoch: as many draws as ratings, each an SGD step on one (user, rated item, other item) triple.
    private func trainEpoch(
        _ pairs: RatedPairs, users: inout FactorMatrix, items: inout FactorMatrix, biases: inout [Float],
        generator: inout SeededGenerator
    ) {
        let lr = Float(parameters.learningRate), reg = Float(parameters.reg), stride = users.stride
        let itemCount = UInt64(items.rows), ratingCount = UInt64(pairs.items.count)
        users.storage.withUnsafeMutableBufferPointer { u in
            items.storage.withUnsafeMutableBufferPointer { y in
                biases.withUnsafeMutableBufferPointer { b in
                    guard let u = u.baseAddress, let y = y.baseAddress else { return }
                    for _ in 0..<ratingCount {
                        let draw = Int(generator.next().multipliedFullWidth(by: ratingCount).high)
                        let other = Int32(truncatingIfNeeded: generator.next().multipliedFullWidth(by: itemCount).high)
                        let user = Int(pairs.users[draw]), item = Int(pairs.items[draw])
                        guard !pairs.rated(user: user, item: other) else { continue }
                        let xu = u + user * stride, yi = y + item * stride, yj = y + Int(other) * stride
                        var lanes = SIMD8<Float>.zero
                        for c in 0..<stride { lanes += xu[c] * (yi[c] - yj[c]) }
                        let margin = lanes.sum() + b[item] - b[Int(other)]
                        // d ln σ(margin) / d margin = σ(-margin).
                        let z = 1 / (1 + expf(margin))
                        for c in 0..<stride {
                            let user = xu[c], positive = yi[c], negative = yj[c]
                            xu[c] = user + lr * (z * (positive - negative) - reg * user)
                            yi[c] = positive + lr * (z * user - reg * positive)
                            yj[c] = negative + lr * (-z * user - reg * negative)
                        }
                        b[item] += lr * (z - reg * b[item])
                        b[Int(other)] += lr * (-z - reg * b[Int(other)])
                    }
                }
            }
        }
    }

    /// Every rated pair in user order (the draws), with each user's items ascending for membership tests.
    struct RatedPairs {
        let offsets: [Int]
        let users: [Int32]
        let items: [Int32]

        init(_ index: RatingIndex) {
            offsets = index.userOffsets
            items = index.userItems
            users = (0..<index.userCount).flatMap { u in
                [Int32](repeating: Int32(u), count: index.userOffsets[u + 1] - index.userOffsets[u])
            }
        }

        /// Whether `user` rated `item`: a binary search of the user's ascending items.
        func rated(user: Int, item: Int32) -> Bool {
            var low = offsets[user], high = offsets[user + 1]
            while low < high {
                let middle = (low + high) / 2
                if items[middle] < item { low = middle + 1 } else { high = middle }
            }
            return low < offsets[user + 1] && items[low] == item
        }
    }

    public typealias Fitted = LatentRanking
}
