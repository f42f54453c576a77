/// Scores predictions for test ratings. The test rows and predictions are
/// parallel: `predictions[i]` is the prediction for row `i` of `truth`.
/// Error metrics sum in row order; ranking metrics sum their per-user values
/// in ascending order, so they do not depend on the order of users either.
/// Results are bit-reproducible.
public enum MetricEvaluator {
    /// The value of each metric, in order; ranking work is shared between them.
    ///
    /// - Parameters:
    ///   - relevanceThreshold: a test item is relevant when its true rating is
    ///     at least this (ranking metrics only).
    ///   - itemIDs: the external id of each item index (`LoadedRatings.itemIDs`);
    ///     ranking metrics break ties between equal scores by a fixed hash of
    ///     these ids, so results do not depend on the order of rows in the
    ///     file. Without them, an item's id is its index written in decimal
    ///     (as synthetic data names items), and since indices follow first
    ///     appearance in the file, so then do ties.
    ///   - rankingScores: a score per test row that ranks items in place of the
    ///     predictions (`Predictions.rankingScores`, e.g. a popularity count);
    ///     error metrics always use `predictions`.
    /// - Throws: `MLCoreError.invalidParameter` when the counts differ or a
    ///   prediction or ranking score is not finite; `.emptyInput` when there
    ///   are no test rows.
    public static func evaluate(
        _ metrics: [Metric], truth: RatingSet, predictions: [Double], relevanceThreshold: Double,
        itemIDs: [String]? = nil, rankingScores: [Double]? = nil
    ) throws(MLCoreError) -> [Double] {
        guard predictions.count == truth.count else {
            throw MLCoreError.invalid("predictions", "there are \(predictions.count) predictions for \(truth.count) test ratings")
        }
        guard truth.count > 0 else { throw MLCoreError(code: .emptyInput, message: "there are no test ratings to evaluate") }
        if let bad = predictions.firstIndex(where: { !$0.isFinite }) {
            throw MLCoreError.invalid("predictions", "prediction \(bad) is not a finite number (\(predictions[bad]))")
        }
        if let itemIDs, itemIDs.count != truth.itemCount {
            throw MLCoreError.invalid("itemIDs", "there are \(itemIDs.count) item ids for \(truth.itemCount) items")
        }
        if let rankingScores {
            guard rankingScores.count == truth.count else {
                throw MLCoreError.invalid(
                    "rankingScores", "there are \(rankingScores.count) ranking scores for \(truth.count) test ratings")
            }
            if let bad = rankingScores.firstIndex(where: { !$0.isFinite }) {
                throw MLCoreError.invalid("rankingScores", "ranking score \(bad) is not a finite number (\(rankingScores[bad]))")
            }
        }
        var rankings: UserRankings?
        return metrics.map { metric in
            if let errorValue = ErrorMetrics.value(metric, truth: truth.values, predictions: predictions) { return errorValue }
            let ranked =
                rankings
                ?? UserRankings(
                    truth: truth, scores: rankingScores ?? predictions, itemIDs: itemIDs, relevanceThreshold: relevanceThreshold)
            rankings = ranked
            return ranked.value(metric, itemCount: truth.itemCount)
        }
    }

    /// The value of one metric; see `evaluate(_:truth:predictions:relevanceThreshold:itemIDs:rankingScores:)`.
    public static func evaluate(
        _ metric: Metric, truth: RatingSet, predictions: [Double], relevanceThreshold: Double,
        itemIDs: [String]? = nil, rankingScores: [Double]? = nil
    ) throws(MLCoreError) -> Double {
        try evaluate(
            [metric], truth: truth, predictions: predictions, relevanceThreshold: relevanceThreshold,
            itemIDs: itemIDs, rankingScores: rankingScores)[0]
    }
}

/// rmse, mse, mae and huber over parallel arrays.
enum ErrorMetrics {
    /// The metric's value, or `nil` if it is not an error metric.
    static func value(_ metric: Metric, truth: [Double], predictions: [Double]) -> Double? {
        let count = Double(truth.count)
        var sum = 0.0
        switch metric {
        case .rmse, .mse:
            for i in truth.indices {
                let error = predictions[i] - truth[i]
                sum += error * error
            }
            return metric == .rmse ? (sum / count).squareRoot() : sum / count
        case .mae:
            for i in truth.indices { sum += abs(predictions[i] - truth[i]) }
            return sum / count
        case .huber(let delta):
            for i in truth.indices {
                let error = abs(predictions[i] - truth[i])
                sum += error <= delta ? 0.5 * error * error : delta * (error - 0.5 * delta)
            }
            return sum / count
        default:
            return nil
        }
    }
}
