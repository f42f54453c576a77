/// One train / validation / test partition of a rating set, as row indices
/// into it (ascending), never copies.
public struct Fold: Sendable, Hashable, Codable {
    /// 0-based position among the folds of a split.
    public var index: Int
    /// `fold 1`, `fold 2`, ... or, for the `given` split, the group's label.
    public var name: String
    public var train: [Int]
    /// Carved from the training part when a validation fraction is asked for; else empty.
    public var validation: [Int]
    public var test: [Int]
    /// Test rows whose user or whose item has no row in `train` (cold start).
    public var coldStartTestRows: Int
    /// Test rows whose user has no row in `train`.
    public var coldUserTestRows: Int
    /// Test rows whose item has no row in `train`.
    public var coldItemTestRows: Int

    public init(
        index: Int, name: String, train: [Int], validation: [Int], test: [Int],
        coldStartTestRows: Int = 0, coldUserTestRows: Int = 0, coldItemTestRows: Int = 0
    ) {
        self.index = index
        self.name = name
        self.train = train
        self.validation = validation
        self.test = test
        self.coldStartTestRows = coldStartTestRows
        self.coldUserTestRows = coldUserTestRows
        self.coldItemTestRows = coldItemTestRows
    }

    /// The whole training part (train and validation), ascending: what a
    /// final model is refitted on once validation has chosen its settings.
    public var trainAndValidation: [Int] {
        var merged: [Int] = []
        merged.reserveCapacity(train.count + validation.count)
        var t = 0, v = 0
        while t < train.count || v < validation.count {
            if v == validation.count || (t < train.count && train[t] < validation[v]) {
                merged.append(train[t])
                t += 1
            } else {
                merged.append(validation[v])
                v += 1
            }
        }
        return merged
    }
}

/// How test rows are chosen.
public enum SplitMethod: Sendable, Hashable {
    /// One fold; a random `testFraction` of the rows (or of each user's rows, stratified) is test.
    case holdout(testFraction: Double)
    /// `folds` folds; every row is test in exactly one.
    case kfold(folds: Int)
    /// One fold; the latest `testFraction` of rows by time is test.
    case temporal(testFraction: Double)
    /// One fold; each user's last `count` ratings by time are test (users with
    /// no more than `count` ratings stay wholly in training).
    case leaveLast(count: Int)
    /// One fold per distinct group label (in order of first appearance); the
    /// group's rows are test, all other rows train. `only` limits the folds to
    /// the named groups, in the order given.
    case given(only: [String]?)
    /// One step of a prequential evaluation: the group column holds each
    /// rating's partition; the last partition is test and the earlier ones train.
    case prequential
    /// The whole stream in one fold, every rating a test row: a model that
    /// learns online predicts each rating (or each batch of `batch`) from
    /// the ones before it in time, then learns from it.
    case events(batch: Int)
}

/// A group label per rating (from a file's group column) for the `given` split.
public struct RatingGroups: Sendable, Hashable {
    /// Group index of each rating.
    public var indices: [Int32]
    /// `names[g]` is the label of group `g`.
    public var names: [String]

    public init(indices: [Int32], names: [String]) {
        self.indices = indices
        self.names = names
    }
}

extension LoadedRatings {
    /// The group column as split input, when the file had one.
    public var ratingGroups: RatingGroups? { groups.map { RatingGroups(indices: $0, names: groupNames) } }
}

/// Everything that decides a split.
public struct SplitOptions: Sendable, Hashable {
    public var method: SplitMethod
    /// Fraction of each training part moved to validation (0 for none), so
    /// that validation resembles test:
    /// - holdout and kfold: random rows, or, stratified, a random
    ///   `round(n × fraction)` of each user's n training rows;
    /// - given: random rows;
    /// - temporal: the latest rows of the whole training part by time;
    /// - leave-last: each user's latest training rows by time, the same
    ///   fraction per user but never a user's last training rating
    ///   (`Splitter.latestShare`).
    public var validationFraction: Double
    /// Holdout and kfold: split each user's rows separately, for test and
    /// then for validation, so that every user keeps the same share in each
    /// part. Other methods ignore it.
    public var stratifyByUser: Bool
    public var seed: UInt64

    public init(method: SplitMethod, validationFraction: Double = 0, stratifyByUser: Bool = false, seed: UInt64) {
        self.method = method
        self.validationFraction = validationFraction
        self.stratifyByUser = stratifyByUser
        self.seed = seed
    }
}
