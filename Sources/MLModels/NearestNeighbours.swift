import MLCore

/// `knn`: neighbourhood models as Surprise's KNNBasic, KNNWithMeans and
/// KNNBaseline, user- or item-based.
///
/// Fitting computes, entity by entity (items for item-based), the similarities
/// with every entity it shares a rating user with, and keeps the non-zero ones:
/// all of them up to 8,000 entities (then the model is exactly Surprise's dense
/// one), else the `maxNeighbours` largest per entity, as LibRec and `implicit`
/// keep sparse top-k lists. A prediction takes the `k` most similar entities
/// that the user (or item) rated, among the kept ones, through a bounded heap:
/// it differs from the dense model only when the user rated fewer than `k` of
/// the kept neighbours while rating some dropped positive ones.
public struct NearestNeighbours: RatingModel {
    public static let kind = "knn"

    /// Which entities are compared.
    public enum Axis: String, Sendable, Hashable, CaseIterable {
        case users, items
    }

    public enum Similarity: String, Sendable, Hashable, CaseIterable {
        /// Cosine of the co-rating vectors.
        case cosine
        /// 1 / (mean squared difference + 1) over co-ratings (Surprise's default).
        case msd
        /// Pearson correlation over co-ratings, centred on the co-rating means.
        case pearson
        /// Pearson correlation of the residuals from the baseline, shrunk by
        /// (n - 1) / (n - 1 + shrinkage) for n co-ratings.
        case pearsonBaseline = "pearson-baseline"
    }

    /// How neighbour ratings are combined.
    public enum Estimator: String, Sendable, Hashable, CaseIterable {
        /// Similarity-weighted mean of the neighbours' ratings (KNNBasic).
        case basic
        /// The entity's mean plus the weighted mean deviation of the neighbours from theirs (KNNWithMeans).
        case withMeans = "with-means"
        /// The baseline plus the weighted mean residual of the neighbours (KNNBaseline).
        case withBaseline = "with-baseline"
    }

    public struct Parameters: Sendable, Hashable {
        public var on: Axis
        public var similarity: Similarity
        public var estimator: Estimator
        /// Most neighbours used for one prediction.
        public var k: Int
        /// Fewer usable (positively similar) neighbours than this falls back to the baseline.
        public var minK: Int
        /// Pairs with fewer co-ratings than this get similarity 0.
        public var minSupport: Int
        /// Shrinkage of the pearson-baseline similarity (unused by the others, as in Surprise).
        public var shrinkage: Double
        /// The baseline of `withBaseline`, of pearson-baseline and of every fallback.
        public var baseline: Baseline.Parameters
        /// Largest number of compared entities.
        public var maxEntities: Int
        /// Similarities kept per entity (`keep` in pipeline files): the largest,
        /// ties to the lower index; 0 keeps every one while the model holds at
        /// most 64 M pairs, else 64 M / entities (at least `k`). A prediction for
        /// x reads x's own row, so a pair kept in one row only counts for that row.
        public var maxNeighbours: Int
        /// Threads for the similarity pass and for batch predictions; results are identical for any value.
        public var threads: Int

        public init(
            on: Axis = .items, similarity: Similarity = .pearsonBaseline, estimator: Estimator = .withBaseline,
            k: Int = 40, minK: Int = 1, minSupport: Int = 1, shrinkage: Double = 100,
            baseline: Baseline.Parameters = Baseline.Parameters(), maxEntities: Int = 2_000_000,
            maxNeighbours: Int = 0, threads: Int = 2
        ) {
            self.on = on
            self.similarity = similarity
            self.estimator = estimator
            self.k = k
            self.minK = minK
            self.minSupport = minSupport
            self.shrinkage = shrinkage
            self.baseline = baseline
            self.maxEntities = maxEntities
            self.maxNeighbours = maxNeighbours
            self.threads = threads
        }
    }

    public var parameters: Parameters

    public init(_ parameters: Parameters = Parameters()) { self.parameters = parameters }

    public func fit(train: RatingSet, scale: ClosedRange<Double>, seed: UInt64) throws -> Fitted {
        let kind = Self.kind, p = parameters
        try validateTraining(train, scale: scale, kind: kind)
        try require(p.k > 0, kind: kind, "k must be positive, got \(p.k)")
        try require(p.minK >= 0, kind: kind, "min_k must not be negative, got \(p.minK)")
        try require(p.shrinkage >= 0, kind: kind, "shrinkage must not be negative, got \(p.shrinkage)")
        try require(p.threads >= 1, kind: kind, "threads must be at least 1, got \(p.threads)")
        try require(p.maxNeighbours >= 0, kind: kind, "keep must not be negative, got \(p.maxNeighbours)")
        let index = RatingIndex(train)
        try requireSize(index)
        let biases = try BaselineBiases(index: index, parameters: p.baseline, kind: kind)
        let sides = NeighbourhoodSides(index: index, biases: biases, axis: p.on)
        let rows = PairRowComputation(
            sides: sides, index: index, axis: p.on, similarity: p.similarity, minSupport: p.minSupport,
            shrinkage: p.shrinkage)
        let similarities = SimilarityMatrix(
            sides: sides, computing: rows, limit: neighbourLimit(count: sides.xCount), threads: p.threads)
        return Fitted(parameters: p, sides: sides, similarities: similarities, biases: biases, index: index, scale: scale)
    }
}

extension NearestNeighbours {
    /// Similarities kept per entity among `count` entities.
    func neighbourLimit(count: Int) -> Int {
        SimilarityMatrix.limit(maxNeighbours: parameters.maxNeighbours, k: parameters.k, count: count)
    }

    /// Throws `tooLarge` past `maxEntities`.
    func requireSize(_ index: RatingIndex) throws {
        let p = parameters
        let entityCount = p.on == .items ? index.itemCount : index.userCount
        guard entityCount <= p.maxEntities else {
            throw ModelError(
                .tooLarge, model: Self.kind,
                "\(entityCount) \(p.on.rawValue) exceed max_entities \(p.maxEntities); use item-based knn on fewer entities or a factorization model"
            )
        }
    }
}

/// The two sides of a neighbourhood model, named as in Surprise: `x` are the
/// compared entities (items for item-based), `y` the others.
struct NeighbourhoodSides: Sendable {
    let xCount: Int
    let yCount: Int
    /// For each y, the x it is paired with (ascending) and the ratings.
    let yOffsets: [Int]
    let yMembers: [Int32]
    let yValues: [Double]
    /// Mean rating of each x (0 for an x without ratings).
    let xMeans: [Double]
    let xBiases: [Double]
    let yBiases: [Double]

    init(index: RatingIndex, biases: BaselineBiases, axis: NearestNeighbours.Axis) {
        let xOffsets: [Int], xValues: [Double]
        switch axis {
        case .items:
            xCount = index.itemCount; yCount = index.userCount
            yOffsets = index.userOffsets; yMembers = index.userItems; yValues = index.userValues
            xOffsets = index.itemOffsets; xValues = index.itemValues
            xBiases = biases.item; yBiases = biases.user
        case .users:
            xCount = index.userCount; yCount = index.itemCount
            yOffsets = index.itemOffsets; yMembers = index.itemUsers; yValues = index.itemValues
            xOffsets = index.userOffsets; xValues = index.userValues
            xBiases = biases.user; yBiases = biases.item
        }
        xMeans = (0..<xCount).map { x in
            let range = xOffsets[x]..<xOffsets[x + 1]
            guard !range.isEmpty else { return 0 }
            var sum = 0.0
            for k in range { sum += xValues[k] }
            return sum / Double(range.count)
        }
    }
}
