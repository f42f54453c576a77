/// The model that learns a stack from the members' predictions.
public enum MetaLearner: Sendable, Hashable {
    /// Ridge regression (ordinary least squares with alpha 0); the intercept, when
    /// fitted, is not penalized.
    case ridge(alpha: Double, intercept: Bool)
    /// Non-negative least squares on every column, without intercept.
    case nonNegative
}

/// A stacking meta-model, optionally feature-weighted (Sill, Takács, Mackey and
/// Lin, "Feature-Weighted Linear Stacking", 2009): each member's weight is a
/// linear function of standardised meta-features,
/// `ŷ = b + Σ_m (c_m + Σ_f c_{f,m}·z_f)·p_m` with `z_f = (x_f − mean_f) / sd_f`.
public struct StackingModel: Sendable, Equatable {
    /// `memberCount` weights of the predictions `p_m`, then for each feature `f` in
    /// order, `memberCount` weights of the products `p_m·z_f`.
    public var coefficients: [Double]
    public var intercept: Double
    public var featureCount: Int
    public var memberCount: Int
    /// Each feature's mean on the training rows.
    public var featureMeans: [Double]
    /// Each feature's standard deviation on the training rows; 1 for a feature that was
    /// constant there (its coefficients are zero).
    public var featureDeviations: [Double]

    public init(
        coefficients: [Double], intercept: Double, memberCount: Int, featureMeans: [Double] = [],
        featureDeviations: [Double] = []
    ) {
        precondition(featureMeans.count == featureDeviations.count, "one mean and one deviation per feature")
        precondition(coefficients.count == memberCount * (1 + featureMeans.count), "one coefficient per column")
        self.coefficients = coefficients
        self.intercept = intercept
        self.featureCount = featureMeans.count
        self.memberCount = memberCount
        self.featureMeans = featureMeans
        self.featureDeviations = featureDeviations
    }

    /// Predicts from member predictions (`members[m][row]`) and raw meta-features
    /// (`features[f][row]`, standardised here as on the training rows), clipped to `scale`.
    public func apply(members: [[Double]], features: [[Double]], scale: ClosedRange<Double>) -> [Double] {
        precondition(members.count == memberCount, "one prediction column per member")
        precondition(features.count == featureCount, "one column per meta-feature")
        precondition(coefficients.count == memberCount * (1 + featureCount), "one coefficient per column")
        let rows = members.first?.count ?? features.first?.count ?? 0
        precondition(members.allSatisfy { $0.count == rows } && features.allSatisfy { $0.count == rows }, "equal row counts")
        var combined = [Double](repeating: intercept, count: rows)
        var standardised = [Double](repeating: 0, count: featureCount > 0 ? rows : 0)
        combined.withUnsafeMutableBufferPointer { out in
            // Plain weights first, member by member, as `LinearCombination.apply` sums.
            for member in 0..<memberCount {
                let weight = coefficients[member]
                members[member].withUnsafeBufferPointer { p in
                    for row in 0..<rows { out[row] += weight * p[row] }
                }
            }
            for feature in 0..<featureCount {
                let mean = featureMeans[feature], deviation = featureDeviations[feature]
                standardised.withUnsafeMutableBufferPointer { z in
                    features[feature].withUnsafeBufferPointer { x in
                        for row in 0..<rows { z[row] = (x[row] - mean) / deviation }
                    }
                }
                for member in 0..<memberCount {
                    let weight = coefficients[memberCount * (1 + feature) + member]
                    if weight == 0 { continue }
                    members[member].withUnsafeBufferPointer { p in
                        standardised.withUnsafeBufferPointer { z in
                            for row in 0..<rows { out[row] += weight * (p[row] * z[row]) }
                        }
                    }
                }
            }
            for row in 0..<rows { out[row] = clip(out[row], to: scale) }
        }
        return combined
    }
}

extension PredictionCombiner {
    /// Fits a stacking meta-model on the members' validation predictions
    /// (`members[m][row]`) and meta-features (`features[f][row]`, possibly none).
    ///
    /// The columns are each member's prediction, then for each feature and member the
    /// product of the prediction and the standardised feature. Without features,
    /// `.ridge` gives exactly `leastSquares(members:targets:alpha:intercept:)`, the
    /// `.stacking` rule. A feature that is constant on the training rows is left out
    /// (zero coefficients).
    ///
    /// - Throws: `ModelError` as `fitWeights` does; `invalidParameter` for a negative or
    ///   non-finite alpha, a feature column of the wrong length or with non-finite values,
    ///   or a singular system (alpha 0 and dependent columns).
    public static func fitStacking(
        _ learner: MetaLearner, members: [[Double]], features: [[Double]], targets: [Double]
    ) throws -> StackingModel {
        try checkInputs(members: members, targets: targets)
        if case .ridge(let alpha, _) = learner, !(alpha.isFinite && alpha >= 0) {
            throw ModelError(.invalidParameter, model: "combine", "the stacking alpha must be a number ≥ 0, got \(alpha)")
        }
        for (index, feature) in features.enumerated() {
            guard feature.count == targets.count else {
                throw ModelError(
                    .invalidParameter, model: "combine",
                    "meta-feature \(index + 1) has \(feature.count) values for \(targets.count) validation rows")
            }
            guard feature.allSatisfy(\.isFinite) else {
                throw ModelError(.invalidParameter, model: "combine", "meta-feature \(index + 1) has a value that is not finite")
            }
        }
        if features.isEmpty, case .ridge(let alpha, let intercept) = learner {
            let plain = try leastSquares(members: members, targets: targets, alpha: alpha, intercept: intercept)
            return StackingModel(coefficients: plain.weights, intercept: plain.intercept, memberCount: members.count)
        }

        let memberCount = members.count, rows = targets.count
        var means = [Double](repeating: 0, count: features.count)
        var deviations = [Double](repeating: 1, count: features.count)
        var used: [Int] = []
        for (index, feature) in features.enumerated() {
            let (mean, deviation) = meanAndDeviation(feature)
            means[index] = mean
            if deviation > 0 {
                deviations[index] = deviation
                used.append(index)
            }
        }
        let design = featureWeightedDesign(
            members: members, features: features, used: used, means: means, deviations: deviations, rows: rows)
        let fitted: [Double]
        var intercept = 0.0
        switch learner {
        case .ridge(let alpha, let withIntercept):
            let combination = try leastSquares(design, targets: targets, alpha: alpha, intercept: withIntercept)
            fitted = combination.weights
            intercept = combination.intercept
        case .nonNegative:
            fitted = NonNegativeLeastSquares.solve(design, targets: targets)
        }
        var coefficients = [Double](repeating: 0, count: memberCount * (1 + features.count))
        for member in 0..<memberCount { coefficients[member] = fitted[member] }
        for (position, feature) in used.enumerated() {
            for member in 0..<memberCount {
                coefficients[memberCount * (1 + feature) + member] = fitted[memberCount * (1 + position) + member]
            }
        }
        return StackingModel(
            coefficients: coefficients, intercept: intercept, memberCount: memberCount, featureMeans: means,
            featureDeviations: deviations)
    }

    /// The mean and the (population) standard deviation, summed in row order.
    static func meanAndDeviation(_ values: [Double]) -> (mean: Double, deviation: Double) {
        var sum = 0.0
        for value in values { sum += value }
        let mean = sum / Double(values.count)
        var squares = 0.0
        for value in values { squares += (value - mean) * (value - mean) }
        return (mean, (squares / Double(values.count)).squareRoot())
    }

    /// The predictions, then for each used feature the products `p_m·z_f`.
    private static func featureWeightedDesign(
        members: [[Double]], features: [[Double]], used: [Int], means: [Double], deviations: [Double], rows: Int
    ) -> DesignMatrix {
        let memberCount = members.count
        var design = DesignMatrix(rows: rows, columns: memberCount * (1 + used.count))
        var standardised = [Double](repeating: 0, count: rows)
        design.values.withUnsafeMutableBufferPointer { x in
            for member in 0..<memberCount {
                members[member].withUnsafeBufferPointer { p in
                    for row in 0..<rows { x[member * rows + row] = p[row] }
                }
            }
            for (position, feature) in used.enumerated() {
                let mean = means[feature], deviation = deviations[feature]
                standardised.withUnsafeMutableBufferPointer { z in
                    features[feature].withUnsafeBufferPointer { raw in
                        for row in 0..<rows { z[row] = (raw[row] - mean) / deviation }
                    }
                    for member in 0..<memberCount {
                        let base = (memberCount * (1 + position) + member) * rows
                        members[member].withUnsafeBufferPointer { p in
                            for row in 0..<rows { x[base + row] = p[row] * z[row] }
                        }
                    }
                }
            }
        }
        return design
    }
}
