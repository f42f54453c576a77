import MLCore
import MLModels
import PipelineGraph

/// Ranking metrics under `evaluate: {candidates: all}`: the fold's trained
/// model (or ensemble) scores every item for each user with a relevant
/// rating in the part evaluated; the user's items from the parts the model
/// saw are left out; the metrics come from the top lists and the ranks of
/// the user's own items (`CandidateRankings`).
struct AllItemRanking {
    let data: RatingsArtifact
    let fold: Fold
    /// Scores ensemble users' rows of every item; a model alone ranks by its own ranking scores.
    let ensemble: Ensemble
    let alone: Bool
    let target: String

    /// `target`'s ensemble: one model from its fit artifact, or the combined
    /// members (`fits`, in `layout`'s order) with the combine step's combiner.
    init(
        data: RatingsArtifact, fold: Fold, target: String, layout: CombineLayout?, combine: Artifact?, fits: [Artifact]
    ) throws {
        self.data = data
        self.fold = fold
        self.target = target
        let (members, combiner): ([EnsembleMember], EnsembleCombiner)
        if let layout {
            (members, combiner) = try EnsembleAssembly(layout: layout).members(fits, combine: combine)
            alone = false
        } else {
            guard let fit = fits.first else { throw StageError.malformedInput("evaluate") }
            (members, combiner) = ([try EnsembleAssembly.member(target, [fit])], .linear(LinearCombination(weights: [1])))
            alone = true
        }
        let seen = fold.trainAndValidation
        // Time-varying weights and a stack's time feature take the latest time the models trained on.
        let latest = data.ratings.times.map { times in seen.reduce(-Double.infinity) { max($0, times[$1]) } } ?? 0
        do {
            ensemble = try Ensemble(
                members: members, combiner: combiner,
                identifiers: ModelIdentifiers(users: data.userIDs, items: data.itemIDs), scale: data.scale,
                rated: RatedItems(data.ratings.subset(seen)), latestTime: latest.isFinite ? latest : 0)
        } catch {
            throw StageError(.model, "cannot assemble '\(target)' to rank every item: \(error.message)")
        }
    }

    /// `metrics` (ranking metrics only) of the rows `truthRows`, with the
    /// items of `seenRows` left out of each user's candidates.
    func evaluate(_ metrics: [Metric], truthRows: [Int], seenRows: [Int], relevanceThreshold: Double) throws -> [Double] {
        let truth = data.ratings.subset(truthRows)
        let seen = RatedItems(data.ratings.subset(seenRows))
        let itemCount = data.itemIDs.count
        let listLength = metrics.compactMap(\.cutoff).max() ?? 0
        let rankings = try CandidateRankings(
            truth: truth, itemCount: itemCount, listLength: listLength,
            order: CandidateOrder(itemIDs: data.itemIDs, itemCount: itemCount), excluded: seen.of
        ) { users, scores in
            if alone {
                ensemble.memberRankingScores(0, users: users, into: &scores)
            } else {
                ensemble.scoreAllItems(users: users, into: &scores)
            }
            // A NaN would make the candidates' order partial and the lists meaningless.
            if let bad = scores.firstIndex(where: { !$0.isFinite }) {
                throw StageError(
                    .evaluation,
                    "'\(target)' scores item '\(data.itemIDs[bad % itemCount])' for user "
                        + "'\(data.userIDs[Int(users[bad / itemCount])])' as \(scores[bad]), not a finite number")
            }
        }
        return try MetricEvaluator.evaluate(
            metrics, candidates: rankings, listLength: listLength, truth: truth, relevanceThreshold: relevanceThreshold,
            itemCount: itemCount)
    }
}
