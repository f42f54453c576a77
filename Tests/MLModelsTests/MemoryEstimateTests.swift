import MLCore
import Testing
@testable import MLModels

/// Bytes held by a fitted model's arrays, counted from the arrays themselves.
private func bytes<T>(_ array: [T]) -> Int { array.count * MemoryLayout<T>.stride }
private func bytes(_ matrix: FactorMatrix) -> Int { bytes(matrix.storage) }
private func bytes(_ index: RatingIndex) -> Int {
    bytes(index.userOffsets) + bytes(index.userItems) + bytes(index.userValues) + bytes(index.itemOffsets)
        + bytes(index.itemUsers) + bytes(index.itemValues)
}

@Suite struct MemoryEstimateTests {
    static let data = syntheticRatings(users: 300, items: 200, count: 6000, seed: 17)
    static let shape = DataShape(ratings: data.count, users: data.userCount, items: data.itemCount)

    /// `bound`: the estimate may be far above the arrays (knn keeps only its non-zero pairs).
    func check<Model: RatingModel & MemoryEstimating>(
        _ model: Model, bound: Bool = false, counted: (Model.Fitted) -> Int
    ) throws {
        let fitted = try model.fit(train: Self.data, scale: 1...5, seed: 1)
        let real = counted(fitted), estimate = model.estimatedMemory(for: Self.shape)
        // The kept part is counted array by array, so it must be close; the peak includes it.
        #expect(
            Double(estimate.model) >= Double(real) * 0.95 && (bound || Double(estimate.model) <= Double(real) * 1.25),
            "\(Model.kind): estimated \(estimate.model) bytes kept, arrays hold \(real)")
        #expect(estimate.total >= real && estimate.working >= 0, "\(Model.kind)")
    }

    @Test func theKeptBytesMatchTheFittedArrays() throws {
        try check(Baseline()) {
            bytes($0.biases.user) + bytes($0.biases.item) + bytes($0.knownUsers.counts) + bytes($0.knownItems.counts)
        }
        try check(MatrixFactorization(.init(factors: 20, epochs: 3))) {
            bytes($0.state.userFactors) + bytes($0.state.itemFactors) + bytes($0.state.userBias)
                + bytes($0.state.itemBias) + bytes($0.knownUsers.counts) + bytes($0.knownItems.counts)
                + bytes($0.epochLosses)
        }
        try check(AutoRec(.init(hidden: [24, 12], epochs: 2))) {
            bytes($0.weights.storage) + bytes($0.codes) + bytes($0.itemMeans) + bytes($0.knownUsers.counts)
                + bytes($0.knownItems.counts) + bytes($0.epochLosses)
        }
        try check(FactorizationMachine(.init(factors: 12, epochs: 3))) {
            bytes($0.state.linear) + bytes($0.state.factors) + bytes($0.seen) + bytes($0.space.userRows.offsets)
                + bytes($0.space.itemRows.offsets) + bytes($0.epochLosses)
        }
        try check(EASE()) {
            bytes($0.weights) + bytes($0.rated.offsets) + bytes($0.rated.items) + bytes($0.baseline.biases.user)
                + bytes($0.baseline.biases.item) + bytes($0.baseline.knownUsers.counts)
                + bytes($0.baseline.knownItems.counts)
        }
        try check(ImplicitALS(.init(factors: 12, iterations: 2))) {
            bytes($0.latent.users) + bytes($0.latent.items) + bytes($0.baseline.biases.user)
                + bytes($0.baseline.biases.item) + bytes($0.baseline.knownUsers.counts)
                + bytes($0.baseline.knownItems.counts)
        }
        try check(BayesianPersonalizedRanking(.init(factors: 12, epochs: 2))) {
            bytes($0.latent.users) + bytes($0.latent.items) + bytes($0.latent.itemBiases)
                + bytes($0.baseline.biases.user) + bytes($0.baseline.biases.item)
                + bytes($0.baseline.knownUsers.counts) + bytes($0.baseline.knownItems.counts)
        }
        try check(SVDPlusPlus(.init(factors: 12, epochs: 2))) {
            bytes($0.state.userFactors) + bytes($0.state.itemFactors) + bytes($0.state.implicitFactors)
                + bytes($0.userVectors) + bytes($0.state.userBias) + bytes($0.state.itemBias)
                + bytes($0.implicitOffsets) + bytes($0.implicitItems) + bytes($0.knownUsers.counts)
                + bytes($0.knownItems.counts) + bytes($0.epochLosses)
        }
        try check(AlternatingLeastSquares(.init(factors: 10, epochs: 2))) {
            bytes($0.users) + bytes($0.items) + bytes($0.knownUsers.counts) + bytes($0.knownItems.counts)
                + bytes($0.epochLosses)
        }
        try check(NearestNeighbours(.init(similarity: .cosine))) {
            bytes($0.index) + bytes($0.biases.user) + bytes($0.biases.item) + bytes($0.sides.xMeans)
                + bytes($0.similarities.offsets) + bytes($0.similarities.neighbours) + bytes($0.similarities.values)
        }
        try check(NearestNeighbours(.init(similarity: .cosine, maxNeighbours: 10))) {
            bytes($0.index) + bytes($0.biases.user) + bytes($0.biases.item) + bytes($0.sides.xMeans)
                + bytes($0.similarities.offsets) + bytes($0.similarities.neighbours) + bytes($0.similarities.values)
        }
        try check(NearestNeighbours(), bound: true) {
            bytes($0.index) + bytes($0.biases.user) + bytes($0.biases.item) + bytes($0.sides.xMeans)
                + bytes($0.similarities.offsets) + bytes($0.similarities.neighbours) + bytes($0.similarities.values)
        }
        try check(SlopeOne()) {
            bytes($0.index) + bytes($0.frequency) + bytes($0.deviation) + bytes($0.userMeans) + bytes($0.itemMeans)
        }
        try check(Popularity()) { bytes($0.itemScores) + bytes($0.itemCounts) + bytes($0.rankedItems) }
    }

    @Test func estimatesGrowWithTheShapeAndTheParameters() {
        let small = MatrixFactorization(.init(factors: 10)).estimatedMemory(for: Self.shape)
        let wide = MatrixFactorization(.init(factors: 100)).estimatedMemory(for: Self.shape)
        #expect(wide.model > 5 * small.model)
        let knn = NearestNeighbours().estimatedMemory(for: DataShape(ratings: 100_000, users: 943, items: 1682))
        // Every pair kept below 8,000 items: 12 bytes per pair, twice while the rows are joined.
        #expect(knn.total > 24 * 1682 * 1682 && knn.total < 40 * 1682 * 1682)
        // 50,000 items keep 1,280 neighbours each: well under 4 GB.
        let large = NearestNeighbours().estimatedMemory(for: DataShape(ratings: 5_000_000, users: 50_000, items: 50_000))
        #expect(large.total > 2 * 12 * 50_000 * 1_280 && large.total < 2_000_000_000)
        // `keep: 100` holds 100 pairs per item instead of 1,681.
        let kept = NearestNeighbours(.init(maxNeighbours: 100))
            .estimatedMemory(for: DataShape(ratings: 100_000, users: 943, items: 1682))
        #expect(kept.total < knn.total / 4)
    }

    @Test func hugeShapesSaturateInsteadOfTrapping() {
        let huge = DataShape(ratings: .max / 2, users: .max / 2, items: .max / 2)
        #expect(NearestNeighbours().estimatedMemory(for: huge).total == .max)
        #expect(MatrixFactorization().estimatedMemory(for: huge).total == .max)
        #expect(SlopeOne().estimatedMemory(for: huge).total == .max)
    }
}
