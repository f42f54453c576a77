import MLCore

/// `ease`: Embarrassingly Shallow Autoencoder (Steck 2019), an item-item model
/// for top-N recommendation with a closed form. With X the users × items
/// matrix of who rated what (1 for every rating, whatever its value) and
/// G = XᵀX + λI, the item weights are B = I - P · diag(1 / diag(P)) with
/// P = G⁻¹: the best least-squares reconstruction of X from itself with a
/// zero diagonal. A user's score for item j is Σ over the items i they rated
/// of B[i][j].
///
/// Two numbers, as with `popularity`: the scores rank items (ranking
/// metrics, `recommend`), while a rating asked of the model is its
/// baseline's (global mean plus user and item biases), since a score of
/// who-rated-what is no rating.
public struct EASE: RatingModel {
    public static let kind = "ease"

    public struct Parameters: Sendable, Hashable {
        /// λ, the L2 penalty on the weights (added to G's diagonal).
        public var lambda: Double
        /// Largest number of items: the fit holds two dense items × items matrices.
        public var maxItems: Int
        /// The baseline that answers rating questions.
        public var baseline: Baseline.Parameters

        public init(lambda: Double = 250, maxItems: Int = 20_000, baseline: Baseline.Parameters = Baseline.Parameters()) {
            self.lambda = lambda
            self.maxItems = maxItems
            self.baseline = baseline
        }
    }

    public var parameters: Parameters

    public init(_ parameters: Parameters = Parameters()) { self.parameters = parameters }

    public func fit(train: RatingSet, scale: ClosedRange<Double>, seed: UInt64) throws -> Fitted {
        let kind = Self.kind, p = parameters
        try validateTraining(train, scale: scale, kind: kind)
        try require(p.lambda > 0 && p.lambda.isFinite, kind: kind, "lambda must be positive, got \(p.lambda)")
        guard train.itemCount <= p.maxItems else {
            throw ModelError(
                .tooLarge, model: kind,
                "\(train.itemCount) items exceed max_items \(p.maxItems): ease holds two items × items matrices; sample the items or raise max_items"
            )
        }
        let baseline = try Baseline(p.baseline).fit(train: train, scale: scale, seed: seed)
        let index = RatingIndex(train)
        let n = index.itemCount

        // G = XᵀX + λI over the binary who-rated-what matrix.
        var gram = [Double](repeating: 0, count: n * n)
        gram.withUnsafeMutableBufferPointer { g in
            for user in 0..<index.userCount {
                let rated = index.userOffsets[user]..<index.userOffsets[user + 1]
                for a in rated {
                    let row = Int(index.userItems[a]) * n
                    for b in rated { g[row + Int(index.userItems[b])] += 1 }
                }
            }
        }
        for item in 0..<n { gram[item * n + item] += p.lambda }
        guard let inverse = symmetricInverse(gram, size: n) else {
            throw ModelError(.diverged, model: kind, "XᵀX + λI is not positive definite; raise lambda")
        }
        var weights = [Float](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n where i != j {
                weights[i * n + j] = Float(-inverse[i * n + j] / inverse[j * n + j])
            }
        }
        return Fitted(
            baseline: baseline, weights: weights, itemCount: n,
            rated: RatedLists(offsets: index.userOffsets, items: index.userItems))
    }

    /// The items each user rated in training, ascending.
    struct RatedLists: Sendable {
        let offsets: [Int]
        let items: [Int32]

        var userCount: Int { offsets.count - 1 }
    }

    public struct Fitted: PointPredictor {
        let baseline: Baseline.Fitted
        /// B, items × items, row-major: row i is what rating i adds to every item's score.
        let weights: [Float]
        let itemCount: Int
        let rated: RatedLists

        public var scale: ClosedRange<Double> { baseline.scale }

        public func estimate(user: Int32, item: Int32) -> (value: Double, fallback: PredictionFallback) {
            baseline.estimate(user: user, item: item)
        }

        /// Σ over the items the user rated of B[i][item]; 0 for an unknown user or item.
        public func rankingScore(user: Int32, item: Int32) -> Double {
            guard user >= 0, Int(user) < rated.userCount, item >= 0, Int(item) < itemCount else { return 0 }
            var score = 0.0
            for position in rated.offsets[Int(user)]..<rated.offsets[Int(user) + 1] {
                score += Double(weights[Int(rated.items[position]) * itemCount + Int(item)])
            }
            return score
        }

        /// Baseline ratings as values, the model's scores as ranking scores.
        public func predict(users: [Int32], items: [Int32]) -> Predictions {
            predictionsWithRankingScores(users: users, items: items)
        }
    }
}

extension EASE.Fitted: ItemRankingScores {
    /// Each user's row of scores as the sum of the weight rows of the items
    /// they rated: contiguous adds, |rated| × items per user. Each score is
    /// summed in the order `rankingScore(user:item:)` sums it.
    public func rankingScores(users: [Int32], itemCount count: Int, into scores: inout [Double]) {
        resize(&scores, to: users.count * count)
        let known = Swift.min(count, itemCount)
        scores.withUnsafeMutableBufferPointer { out in
            weights.withUnsafeBufferPointer { weights in
                for (row, user) in users.enumerated() {
                    let base = row * count
                    for item in 0..<count { out[base + item] = 0 }
                    guard user >= 0, Int(user) < rated.userCount else { continue }
                    for position in rated.offsets[Int(user)]..<rated.offsets[Int(user) + 1] {
                        let weightRow = Int(rated.items[position]) * itemCount
                        for item in 0..<known { out[base + item] += Double(weights[weightRow + item]) }
                    }
                }
            }
        }
    }
}
