/// Parameters of a synthetic rating data set drawn from a biased
/// latent-factor model:
///
///     rating(u, i) = round(clip(mean + b_u + b_i + p_u · q_i + noise · ε))
///
/// with b_u ~ N(0, userBiasDeviation²), b_i ~ N(0, itemBiasDeviation²),
/// each factor component ~ N(0, σ²) where σ is chosen so that p_u · q_i has
/// standard deviation `interactionDeviation`, and ε ~ N(0, 1). Items are drawn
/// with Zipf-like popularity (weight 1 / rank^skew), users with activity
/// weight 1 / rank^userSkew; each (user, item) pair occurs at most once.
public struct SyntheticRatingsConfiguration: Sendable, Hashable {
    public var users: Int
    public var items: Int
    public var ratings: Int
    public var factors: Int
    /// Standard deviation of the noise added to every rating.
    public var noise: Double
    /// Zipf exponent of item popularity; 0 gives uniform popularity.
    public var skew: Double
    /// Zipf exponent of user activity.
    public var userSkew: Double
    public var scale: ClosedRange<Double>
    /// Ratings are rounded to multiples of `step` above the scale's lower bound; `nil` keeps them continuous.
    public var step: Double?
    public var userBiasDeviation: Double
    public var itemBiasDeviation: Double
    public var interactionDeviation: Double
    /// Times are whole seconds drawn uniformly in [0, timeSpan).
    public var timeSpan: Double
    public var seed: UInt64

    public init(
        users: Int, items: Int, ratings: Int, factors: Int = 8, noise: Double = 0.5, skew: Double = 1.0,
        userSkew: Double = 0.5, scale: ClosedRange<Double> = 1...5, step: Double? = 1,
        userBiasDeviation: Double = 0.4, itemBiasDeviation: Double = 0.5, interactionDeviation: Double = 0.8,
        timeSpan: Double = 365 * 86_400, seed: UInt64
    ) {
        self.users = users
        self.items = items
        self.ratings = ratings
        self.factors = factors
        self.noise = noise
        self.skew = skew
        self.userSkew = userSkew
        self.scale = scale
        self.step = step
        self.userBiasDeviation = userBiasDeviation
        self.itemBiasDeviation = itemBiasDeviation
        self.interactionDeviation = interactionDeviation
        self.timeSpan = timeSpan
        self.seed = seed
    }
}

/// A synthetic data set together with the model that generated it, so tests
/// can check that a learner recovers the structure.
public struct SyntheticRatings: Sendable {
    public var ratings: RatingSet
    public var globalMean: Double
    public var userBiases: [Double]
    public var itemBiases: [Double]
    /// Row-major, `users × factors`.
    public var userFactors: [Double]
    /// Row-major, `items × factors`.
    public var itemFactors: [Double]
    public var factors: Int
    /// The configured rating scale.
    public var scale: ClosedRange<Double>

    /// The data in the loader's shape, user and item ids being their indices
    /// in decimal (`"0"`, `"1"`, ...), so synthetic and file data flow alike.
    public var loadedRatings: LoadedRatings {
        LoadedRatings(
            ratings: ratings, userIDs: (0..<ratings.userCount).map(String.init),
            itemIDs: (0..<ratings.itemCount).map(String.init), scale: scale)
    }

    /// The noiseless, unclipped, unrounded score of a pair.
    public func expectedScore(user: Int, item: Int) -> Double {
        var dot = 0.0
        for f in 0..<factors { dot += userFactors[user * factors + f] * itemFactors[item * factors + f] }
        return globalMean + userBiases[user] + itemBiases[item] + dot
    }

    /// Draws a data set; the same configuration always gives identical bytes.
    ///
    /// - Throws: `MLCoreError.invalidParameter` for sizes below 1, negative
    ///   deviations, or more ratings than half of all (user, item) pairs.
    public init(_ configuration: SyntheticRatingsConfiguration) throws(MLCoreError) {
        try Self.validate(configuration)
        let c = configuration
        factors = c.factors
        scale = c.scale
        globalMean = (c.scale.lowerBound + c.scale.upperBound) / 2 + 0.1 * (c.scale.upperBound - c.scale.lowerBound)
        var latent = SeededGenerator(seed: c.seed, label: "synthetic.latent")
        userBiases = (0..<c.users).map { _ in c.userBiasDeviation * latent.nextGaussian() }
        itemBiases = (0..<c.items).map { _ in c.itemBiasDeviation * latent.nextGaussian() }
        let componentDeviation = (c.interactionDeviation * c.interactionDeviation / Double(c.factors)).squareRoot().squareRoot()
        userFactors = (0..<(c.users * c.factors)).map { _ in componentDeviation * latent.nextGaussian() }
        itemFactors = (0..<(c.items * c.factors)).map { _ in componentDeviation * latent.nextGaussian() }

        ratings = RatingSet(users: [], items: [], values: [], userCount: c.users, itemCount: c.items)
        let pairs = Self.drawPairs(c)
        var noise = SeededGenerator(seed: c.seed, label: "synthetic.noise")
        var clock = SeededGenerator(seed: c.seed, label: "synthetic.times")
        var values = [Double](), times = [Double]()
        values.reserveCapacity(pairs.users.count)
        times.reserveCapacity(pairs.users.count)
        for index in pairs.users.indices {
            let raw = expectedScore(user: Int(pairs.users[index]), item: Int(pairs.items[index])) + c.noise * noise.nextGaussian()
            values.append(Self.fit(raw, to: c.scale, step: c.step))
            times.append((clock.nextUnit() * c.timeSpan).rounded(.down))
        }
        ratings = RatingSet(
            users: pairs.users, items: pairs.items, values: values, times: times, userCount: c.users, itemCount: c.items)
    }

    /// Clips to the scale, then rounds to the step grid (staying inside the scale).
    static func fit(_ value: Double, to scale: ClosedRange<Double>, step: Double?) -> Double {
        let clipped = min(max(value, scale.lowerBound), scale.upperBound)
        guard let step else { return clipped }
        let rounded = scale.lowerBound + ((clipped - scale.lowerBound) / step).rounded() * step
        return min(rounded, scale.upperBound)
    }

    private static func validate(_ c: SyntheticRatingsConfiguration) throws(MLCoreError) {
        for (name, value) in [("users", c.users), ("items", c.items), ("factors", c.factors)] where value < 1 {
            throw MLCoreError.invalid(name, "\(name) must be at least 1, got \(value)")
        }
        guard c.ratings >= 0 else { throw MLCoreError.invalid("ratings", "ratings must not be negative, got \(c.ratings)") }
        let pairCount = c.users.multipliedReportingOverflow(by: c.items)
        if !pairCount.overflow, c.ratings > pairCount.partialValue / 2 {
            throw MLCoreError.invalid(
                "ratings", "ratings must be at most half of users × items (\(pairCount.partialValue / 2)), got \(c.ratings)")
        }
        let deviations = [
            ("noise", c.noise), ("skew", c.skew), ("userSkew", c.userSkew), ("userBiasDeviation", c.userBiasDeviation),
            ("itemBiasDeviation", c.itemBiasDeviation), ("interactionDeviation", c.interactionDeviation),
            ("timeSpan", c.timeSpan),
        ]
        for (name, value) in deviations where !(value >= 0 && value.isFinite) {
            throw MLCoreError.invalid(name, "\(name) must be a finite number ≥ 0, got \(formatNumber(value))")
        }
        if let step = c.step, !(step > 0 && step.isFinite) {
            throw MLCoreError.invalid("step", "step must be a positive number, got \(formatNumber(step))")
        }
        guard c.scale.lowerBound.isFinite, c.scale.upperBound.isFinite, c.scale.lowerBound < c.scale.upperBound else {
            throw MLCoreError.invalid("scale", "scale must be a finite range with lower < upper")
        }
    }
}
