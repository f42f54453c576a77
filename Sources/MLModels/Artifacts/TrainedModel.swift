import MLCore

/// A fitted model with everything needed to save it, use it on other data
/// and update it: the configuration that made it, the fitted state, the raw
/// ids of its dense indices and the replay sample of earlier rows.
///
/// This is what a pipeline's fit node produces: `fit` makes one, `encoded()`
/// turns it into the artifact's bytes and `init(decoding:)` reads them back;
/// `updated(with:…)` (for incremental kinds) learns from a new batch.
public struct TrainedModel<Model: PersistentModel>: Sendable {
    public let model: Model
    public let fitted: Model.Fitted
    public let identifiers: ModelIdentifiers
    public let replay: ReplaySample
    /// The seed of the fit; updates derive theirs from it and the update count.
    public let seed: UInt64
    /// Updates applied since the fit.
    public let updates: Int

    public init(
        model: Model, fitted: Model.Fitted, identifiers: ModelIdentifiers, replay: ReplaySample, seed: UInt64,
        updates: Int = 0
    ) {
        self.model = model
        self.fitted = fitted
        self.identifiers = identifiers
        self.replay = replay
        self.seed = seed
        self.updates = updates
    }

    /// Fits `model` on `train`, whose dense indices are named by `identifiers`,
    /// and keeps a replay sample of up to `replay` training rows for later
    /// updates (10,000 by default; see `UpdateOptions`). An iterative model
    /// reports each epoch to `observer` (which may also checkpoint the fit).
    public static func fit(
        _ model: Model, train: RatingSet, identifiers: ModelIdentifiers, scale: ClosedRange<Double>, seed: UInt64,
        replay: ReplayPolicy = .rows(10_000), observer: EpochObserver? = nil
    ) throws -> TrainedModel {
        try require(
            identifiers.users.count == train.userCount && identifiers.items.count == train.itemCount, kind: Model.kind,
            "the id tables (\(identifiers.users.count) users, \(identifiers.items.count) items) must name exactly the index spaces of the training set (\(train.userCount) users, \(train.itemCount) items)"
        )
        try require(replay.isValid, kind: Model.kind, "replay must be a count of 0 or more or a share in (0, 1], got \(replay)")
        let fitted: Model.Fitted
        if let observer, let iterative = model as? any IterativeModel,
            let watched = try iterative.fit(train: train, scale: scale, seed: seed, observer: observer) as? Model.Fitted
        {
            fitted = watched
        } else {
            fitted = try model.fit(train: train, scale: scale, seed: seed)
        }
        var sample = ReplaySample(replay, seed: seed)
        sample.add(users: train.users, items: train.items, values: train.values.map { Float($0) })
        return TrainedModel(model: model, fitted: fitted, identifiers: identifiers, replay: sample, seed: seed)
    }

    /// Predictions for pairs given in another data set's dense indices, named
    /// by its id tables; ids the model never saw get the model's fallback.
    public func predict(users: [Int32], items: [Int32], userIDs: [String], itemIDs: [String]) throws -> Predictions {
        let pairs = identifiers.translate(users: users, items: items, userIDs: userIDs, itemIDs: itemIDs)
        return try fitted.predict(users: pairs.users, items: pairs.items)
    }
}
