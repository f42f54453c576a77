import MLCore
import PipelineGraph
import PipelineSpec

/// Scores one target's test predictions on one fold.
struct EvaluateOperation: PipelineOperation {
    let target: String
    let fold: Int
    let evaluate: EvaluateSpec
    /// For the combined target under `candidates: all`: the layout of the member fits after the combine input.
    let ensemble: CombineLayout?

    var name: String { "evaluate" }
    /// 2: ranking ties by a hash of the item id; 3: a model's own ranking scores; 4: a combiner's details passed on.
    /// 5: metrics on the validation part too. 6: histograms of predicted and true ratings; the fit's epoch losses passed on.
    var version: Int { 6 }
    var usesSeed: Bool { false }

    var configuration: ConfigValue {
        var settings: [String: ConfigValue] = [
            "metrics": .array(evaluate.metrics.map { .string($0.value.description) }),
            "relevance": evaluate.relevance.map { .double($0.value) } ?? .null,
            "huber_delta": .double(evaluate.huberDelta?.value ?? 1),
        ]
        // Written only when set, so that pipelines without it keep their fingerprints.
        if evaluate.ranksAllItems { settings["candidates"] = .string(RankingCandidates.all.rawValue) }
        return ["evaluate": .object(settings), "target": .string(target), "fold": .int(fold)]
    }

    /// The metrics in MLCore's terms, in the order `evaluate.metrics` lists them.
    var metrics: [Metric] {
        evaluate.metrics.map { name -> Metric in
            switch name.value {
            case .rmse: .rmse
            case .mae: .mae
            case .mse: .mse
            case .huber: .huber(delta: evaluate.huberDelta?.value ?? 1)
            case .mrr: .mrr(k: nil)
            case .precision(let k): .precision(k: k)
            case .recall(let k): .recall(k: k)
            case .ndcg(let k): .ndcg(k: k)
            case .map(let k): .map(k: k)
            case .hit(let k): .hit(k: k)
            case .coverage(let k): .coverage(k: k)
            }
        }
    }

    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        guard inputs.count == 3 || (ensemble != nil && inputs.count > 3) else {
            throw StageError.malformedInput("evaluate")
        }
        let data = try RatingsArtifact(inputs[0])
        let fold = try FoldsArtifact(inputs[1]).fold(self.fold)
        let predictions = try PredictionsArtifact(inputs[2])
        let truth = data.ratings.subset(fold.test)
        // Relevant: at least three quarters up the scale (4 on 1–5) unless set.
        let threshold =
            evaluate.relevance?.value ?? data.scale.lowerBound + 0.75 * (data.scale.upperBound - data.scale.lowerBound)
        let ranking =
            evaluate.ranksAllItems && metrics.contains(where: \.isRanking)
            ? try AllItemRanking(
                data: data, fold: fold, target: target, layout: ensemble, combine: ensemble == nil ? nil : inputs[2],
                fits: ensemble == nil ? [inputs[2]] : Array(inputs[3...])) : nil
        let values: [Double]
        do {
            values = try scores(
                truth: truth, predictions: predictions.test, rankingScores: predictions.testRankingScores,
                threshold: threshold, itemIDs: data.itemIDs
            ) { metrics in
                try ranking?.evaluate(
                    metrics, truthRows: fold.test, seenRows: fold.trainAndValidation, relevanceThreshold: threshold)
            }
        } catch let error as MLCoreError {
            throw StageError(.evaluation, "cannot evaluate '\(target)' on fold \(self.fold): \(error.message)")
        }
        let notFinite = zip(evaluate.metrics, values).filter { !$0.1.isFinite }
        if !notFinite.isEmpty {
            let listed = notFinite.map { "\($0.0.value.description) = \($0.1)" }.joined(separator: ", ")
            throw StageError(
                .evaluation,
                "the metrics of model '\(target)' on fold \(self.fold) are not finite (\(listed)): its predictions or the ratings are too large to compute with"
            )
        }
        var fields: [String: Artifact] = [
            "predictions": .int(Int64(truth.count)), "fallbacks": .int(Int64(predictions.testFallbacks)),
        ]
        for (name, value) in zip(evaluate.metrics, values) { fields["metric." + name.value.description] = .double(value) }
        // The inner validation part is what a search optimises; the test part stays untouched by it.
        if !fold.validation.isEmpty && predictions.validation.count == fold.validation.count {
            do {
                // Under `candidates: all` a validation user's candidates are the items it did not rate in training.
                let scores = try self.scores(
                    truth: data.ratings.subset(fold.validation), predictions: predictions.validation, rankingScores: nil,
                    threshold: threshold, itemIDs: data.itemIDs
                ) { metrics in
                    try ranking?.evaluate(
                        metrics, truthRows: fold.validation, seenRows: fold.train, relevanceThreshold: threshold)
                }
                for (name, value) in zip(evaluate.metrics, scores) {
                    fields["validation." + name.value.description] = .double(value)
                }
            } catch let error as MLCoreError {
                throw StageError(
                    .evaluation, "cannot evaluate '\(target)' on fold \(self.fold)'s validation part: \(error.message)")
            }
        }
        // What a combiner learned travels with its evaluation to the summary.
        if let details = inputs[2][field: "details"] { fields["details"] = details }
        // Counted here so the summary receives bins, not every prediction.
        fields["histogram"] = RatingHistogram(predicted: predictions.test, truth: truth.values, scale: data.scale).artifact
        if let losses = predictions.epochLosses { fields["epochLosses"] = .doubles(losses) }
        if let windows = predictions.windowErrors { fields["windowErrors"] = .doubles(windows) }
        if let note = predictions.trainingNote { fields["trainingNote"] = .string(note) }
        return .record(fields)
    }

    /// The metrics in `evaluate.metrics`' order: error metrics (and, under the
    /// test-candidates protocol, ranking metrics) from the predictions; under
    /// `candidates: all` the ranking metrics from `rankAll`.
    private func scores(
        truth: RatingSet, predictions: [Double], rankingScores: [Double]?, threshold: Double, itemIDs: [String],
        rankAll: ([Metric]) throws -> [Double]?
    ) throws -> [Double] {
        let metrics = self.metrics
        let allItems = evaluate.ranksAllItems
        let fromPredictions = metrics.filter { !(allItems && $0.isRanking) }
        let fromRanking = metrics.filter { allItems && $0.isRanking }
        let predicted = try MetricEvaluator.evaluate(
            fromPredictions, truth: truth, predictions: predictions, relevanceThreshold: threshold, itemIDs: itemIDs,
            rankingScores: rankingScores)
        let ranked = fromRanking.isEmpty ? [] : (try rankAll(fromRanking) ?? [])
        guard ranked.count == fromRanking.count else {
            throw MLCoreError(code: .invalidParameter, message: "no model to rank every item with", parameter: "candidates")
        }
        var nextPredicted = predicted.makeIterator(), nextRanked = ranked.makeIterator()
        return metrics.map { metric in
            (allItems && metric.isRanking ? nextRanked.next() : nextPredicted.next()) ?? .nan
        }
    }
}
