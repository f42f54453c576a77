/// How much of a training part a uniform sample keeps.
public enum SampleSize: Sendable, Hashable {
    /// A fraction in (0, 1]; the sample has `round(count × fraction)` rows.
    case fraction(Double)
    /// A number of rows; a part with fewer rows is kept whole.
    case count(Int)
}

/// What a stratified sample keeps the shares of.
public enum Stratum: String, Sendable, Hashable, CaseIterable {
    case user, item
}

/// Which span of time a `recent` sample keeps.
public enum RecentWindow: Sendable, Hashable {
    /// The latest fraction of the part's time span: rows with
    /// `time ≥ latest − fraction × (latest − earliest)`.
    case fraction(Double)
    /// Rows with `time ≥ latest − duration`, in the times' unit.
    case duration(Double)
}

/// Which rows of a training part the sub-models see.
public enum SamplingMethod: Sendable, Hashable {
    /// Every row.
    case all
    /// A uniform random subset without replacement.
    case uniform(SampleSize)
    /// `round(count × fraction)` random rows of each user (or item), at least one each.
    case stratified(by: Stratum, fraction: Double)
    /// The most recent rows by time.
    case recent(RecentWindow)
    /// A fixed-size uniform sample drawn in one pass (Algorithm R); same
    /// distribution as `uniform(.count(size))`, different draws.
    case reservoir(size: Int)
}
