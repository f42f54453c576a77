import MLCore

/// A trained model of any in-process kind, read from its artifact bytes:
/// what an ensemble holds for each member, whatever the member's kind.
public protocol LoadedModel: Sendable {
    /// The kind's name in pipeline files (`mf`, `knn`...).
    var kind: String { get }
    /// The raw ids of the model's dense user and item indices.
    var identifiers: ModelIdentifiers { get }
    /// The rating scale predictions are clipped to.
    var scale: ClosedRange<Double> { get }
    /// One prediction for dense indices of the model's own tables; -1 (or any
    /// index outside them) stands for an id the model never saw.
    func predict(user: Int32, item: Int32) -> Prediction
    /// The prediction of a rating at `time` (seconds since 1970) for a model
    /// whose answer depends on it (`fm` with context, `timesvdpp`); the others ignore the time.
    func predict(user: Int32, item: Int32, time: Double?) -> Prediction
    /// `predict(user:item:)` of every (users[r], item) pair for items
    /// `0..<itemCount`, row-major into `scores` (see `AllItemScoring`).
    func scoreAllItems(users: [Int32], itemCount: Int, into scores: inout [Double])
    /// The scores the model ranks items by, in the layout of `scoreAllItems`:
    /// its predictions, or for a model that ranks by something else
    /// (`ItemRankingScores`: popularity's training counts, ease's, ials's and bpr's scores) that.
    func rankAllItems(users: [Int32], itemCount: Int, into scores: inout [Double])
    /// One ranking score, as `rankAllItems` gives it (-1: an unseen id).
    func rankingScore(user: Int32, item: Int32) -> Double
    /// The artifact's bytes.
    func encoded() -> [UInt8]
    /// See `AllItemScoring.prepareForScoring`.
    func prepareForScoring()
}

extension TrainedModel: LoadedModel where Model.Fitted: PointPredictor {
    public var kind: String { Model.kind }
    public var scale: ClosedRange<Double> { fitted.scale }

    public func predict(user: Int32, item: Int32) -> Prediction {
        fitted.predict(user: user, item: item)
    }

    public func predict(user: Int32, item: Int32, time: Double?) -> Prediction {
        // Without a time a timed model's answer is its own default: no cast on the common path.
        guard time != nil, let timed = fitted as? any TimedPointPredictor else { return predict(user: user, item: item) }
        let (value, fallback) = timed.estimate(user: user, item: item, time: time)
        return Prediction(value: clip(value, to: fitted.scale), fallback: fallback)
    }

    public func scoreAllItems(users: [Int32], itemCount: Int, into scores: inout [Double]) {
        if let scorer = fitted as? any AllItemScoring {
            scorer.scoreAllItems(users: users, itemCount: itemCount, into: &scores)
        } else {
            fitted.scorePairwise(users: users, itemCount: itemCount, into: &scores)
        }
    }

    public func prepareForScoring() {
        (fitted as? any AllItemScoring)?.prepareForScoring()
    }

    public func rankAllItems(users: [Int32], itemCount: Int, into scores: inout [Double]) {
        guard let ranked = fitted as? any ItemRankingScores else {
            scoreAllItems(users: users, itemCount: itemCount, into: &scores)
            return
        }
        ranked.rankingScores(users: users, itemCount: itemCount, into: &scores)
    }

    public func rankingScore(user: Int32, item: Int32) -> Double {
        guard let ranked = fitted as? any ItemRankingScores else { return predict(user: user, item: item).value }
        return ranked.rankingScore(user: user, item: item)
    }
}

/// Reads a model artifact of any in-process kind.
public enum LoadedModels {
    /// The kinds an artifact may hold, by name.
    static let decoders: [String: @Sendable ([UInt8]) throws(ModelArtifactError) -> any LoadedModel] = [
        GlobalMean.kind: { bytes throws(ModelArtifactError) in try TrainedModel<GlobalMean>(decoding: bytes) },
        Baseline.kind: { bytes throws(ModelArtifactError) in try TrainedModel<Baseline>(decoding: bytes) },
        Popularity.kind: { bytes throws(ModelArtifactError) in try TrainedModel<Popularity>(decoding: bytes) },
        MatrixFactorization.kind: { bytes throws(ModelArtifactError) in
            try TrainedModel<MatrixFactorization>(decoding: bytes)
        },
        SVDPlusPlus.kind: { bytes throws(ModelArtifactError) in try TrainedModel<SVDPlusPlus>(decoding: bytes) },
        AlternatingLeastSquares.kind: { bytes throws(ModelArtifactError) in
            try TrainedModel<AlternatingLeastSquares>(decoding: bytes)
        },
        NearestNeighbours.kind: { bytes throws(ModelArtifactError) in
            try TrainedModel<NearestNeighbours>(decoding: bytes)
        },
        SlopeOne.kind: { bytes throws(ModelArtifactError) in try TrainedModel<SlopeOne>(decoding: bytes) },
        AutoRec.kind: { bytes throws(ModelArtifactError) in try TrainedModel<AutoRec>(decoding: bytes) },
        EASE.kind: { bytes throws(ModelArtifactError) in try TrainedModel<EASE>(decoding: bytes) },
        FactorizationMachine.kind: { bytes throws(ModelArtifactError) in
            try TrainedModel<FactorizationMachine>(decoding: bytes)
        },
        TimeSVDPlusPlus.kind: { bytes throws(ModelArtifactError) in try TrainedModel<TimeSVDPlusPlus>(decoding: bytes) },
        ImplicitALS.kind: { bytes throws(ModelArtifactError) in try TrainedModel<ImplicitALS>(decoding: bytes) },
        BayesianPersonalizedRanking.kind: { bytes throws(ModelArtifactError) in
            try TrainedModel<BayesianPersonalizedRanking>(decoding: bytes)
        },
    ]

    /// The trained model in `bytes`, after checking the header and checksum.
    public static func decode(_ bytes: [UInt8]) throws(ModelArtifactError) -> any LoadedModel {
        let kind = try ModelArtifactFormat.kind(of: bytes)
        guard let decoder = decoders[kind] else {
            throw ModelArtifactError(.wrongKind, "no in-process model kind is called '\(kind)'")
        }
        return try decoder(bytes)
    }
}
