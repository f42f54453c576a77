import MLCore
import MLModels
import PipelineGraph
import PipelineKinds

/// The combine methods on one fold's predictions. Each returns the combined
/// test and validation predictions with a `details` record of what was learned.
struct FoldCombiner {
    let data: RatingsArtifact
    let fold: Fold
    /// The fold's number (from 1), as results show it.
    let number: Int
    let method: String

    var scale: ClosedRange<Double> { data.scale }
    private func truth(_ rows: [Int]) -> [Double] { rows.map { data.ratings.values[$0] } }

    /// The combined predictions, what was learned for the results, and the
    /// learned combiner itself in its binary form, for an export to answer with.
    func output(
        test: [Double], validation: [Double], fallbacks: Int, details: CombineResults, combiner: EnsembleCombiner
    ) -> Artifact {
        var fields = PredictionsArtifact(test: test, validation: validation, testFallbacks: fallbacks).fields
        fields["details"] = .string(details.jsonText())
        fields["combiner"] = .bytes(combiner.encoded())
        return .record(fields)
    }

    private func weightEntry(_ combination: LinearCombination, names: [String], from: Double? = nil, to: Double? = nil)
        -> WeightEntry
    {
        WeightEntry(
            fold: number, from: from, to: to,
            weights: Dictionary(zip(names, combination.weights).map { ($0, $1) }, uniquingKeysWith: { a, _ in a }),
            intercept: combination.intercept)
    }

    func linear(_ combination: LinearCombination, _ members: [PredictionsArtifact], names: [String]) -> Artifact {
        var details = CombineResults(method: method)
        if !names.isEmpty { details.weights = [weightEntry(combination, names: names)] }
        return output(
            test: combination.apply(members.map(\.test), scale: scale),
            validation: combination.apply(members.map(\.validation), scale: scale),
            fallbacks: members.map(\.testFallbacks).max() ?? 0, details: details, combiner: .linear(combination))
    }

    func weighted(_ plan: WeightedPlan, _ members: [PredictionsArtifact]) throws -> Artifact {
        if let fixed = plan.fixed {
            return linear(try PredictionCombiner.normalizedWeights(fixed), members, names: plan.members)
        }
        let targets = truth(fold.validation)
        guard let window = plan.window else {
            let combination = try PredictionCombiner.fitWeights(plan.fit, members: members.map(\.validation), targets: targets)
            return linear(combination, members, names: plan.members)
        }
        guard let times = data.ratings.times else {
            throw StageError(.data, "time-varying weights need a time column in the training source")
        }
        let windowed = try PredictionCombiner.fitWindowed(
            plan.fit, members: members.map(\.validation), targets: targets, times: fold.validation.map { times[$0] },
            window: window, smoothing: plan.smoothing)
        var details = CombineResults(method: method)
        details.weights = windowed.windows.map { weightEntry($0.combination, names: plan.members, from: $0.from, to: $0.to) }
        return output(
            test: windowed.apply(members.map(\.test), times: fold.test.map { times[$0] }, scale: scale),
            validation: windowed.apply(members.map(\.validation), times: fold.validation.map { times[$0] }, scale: scale),
            fallbacks: members.map(\.testFallbacks).max() ?? 0, details: details, combiner: .windowed(windowed))
    }

    /// The members' mean; the out-of-bag error averages, for each training row, the members that did not train on it.
    func bagging(_ fits: [Artifact], model: String) throws -> Artifact {
        let members = try fits.map(PredictionsArtifact.init)
        let combination = LinearCombination.average(of: members.count)
        var sums: [Int: (sum: Double, count: Int)] = [:]
        for fit in fits {
            guard let rows = fit[field: "heldRows"]?.indexArray, let values = fit[field: "held"]?.doubleArray else {
                throw StageError.malformedInput("bagging member")
            }
            for (row, value) in zip(rows, values) {
                sums[row, default: (0, 0)] = (sums[row, default: (0, 0)].sum + value, sums[row, default: (0, 0)].count + 1)
            }
        }
        var squared = 0.0
        for row in sums.keys.sorted() {
            guard let entry = sums[row] else { continue }
            let error = entry.sum / Double(entry.count) - data.ratings.values[row]
            squared += error * error
        }
        var details = CombineResults(method: method)
        if !sums.isEmpty { details.outOfBag = [FoldValue(fold: number, value: (squared / Double(sums.count)).squareRoot())] }
        return output(
            test: combination.apply(members.map(\.test), scale: scale),
            validation: combination.apply(members.map(\.validation), scale: scale),
            fallbacks: members.map(\.testFallbacks).max() ?? 0, details: details, combiner: .linear(combination))
    }

    func boosting(_ state: BoostingState, plan: BoostingPlan, rounds: Int) throws -> Artifact {
        var details = CombineResults(method: method)
        let kept = plan.variant == .gradient ? state.best : state.memberWeights.count
        details.rounds = [RoundEntry(fold: number, rounds: state.rounds, kept: kept, validation: state.history)]
        let clip = { (values: [Double]) in values.map { min(max($0, scale.lowerBound), scale.upperBound) } }
        let combiner: EnsembleCombiner =
            plan.variant == .gradient ? .gradientBoosting(rate: plan.rate) : .adaBoost(weights: state.memberWeights)
        return output(
            test: clip(state.bestTest), validation: clip(state.bestValidation), fallbacks: 0, details: details,
            combiner: combiner)
    }

    /// The meta-model learns on the validation part, or on out-of-fold predictions over the training part.
    func stacking(_ plan: StackingPlan, innerFits: [Artifact], refitted: [PredictionsArtifact]) throws -> Artifact {
        let memberCount = plan.members.count
        var learnRows: [Int]
        var learnMembers: [[Double]]
        var test: [[Double]]
        var validation: [[Double]]
        var fallbacks = refitted.map(\.testFallbacks).max() ?? 0
        switch plan.source {
        case .validation:
            learnRows = fold.validation
            learnMembers = refitted.map(\.validation)
            test = refitted.map(\.test)
            validation = refitted.map(\.validation)
        case .crossValidation, .holdout:
            guard memberCount > 0, innerFits.count % memberCount == 0 else { throw StageError.malformedInput("stacking parts") }
            let parts = innerFits.count / memberCount
            var rows: [Int] = []
            var byMember: [[Int: Double]] = Array(repeating: [:], count: memberCount)
            var innerTest: [[Double]] = Array(repeating: [], count: memberCount)
            var innerValidation: [[Double]] = Array(repeating: [], count: memberCount)
            for member in 0..<memberCount {
                for part in 0..<parts {
                    let fit = innerFits[member * parts + part]
                    guard let held = fit[field: "heldRows"]?.indexArray, let values = fit[field: "held"]?.doubleArray else {
                        throw StageError.malformedInput("stacking part")
                    }
                    for (row, value) in zip(held, values) { byMember[member][row] = value }
                    if member == 0 { rows += held }
                    let predictions = try PredictionsArtifact(fit)
                    innerTest[member] = Self.accumulate(innerTest[member], predictions.test, parts: parts)
                    innerValidation[member] = Self.accumulate(innerValidation[member], predictions.validation, parts: parts)
                }
            }
            learnRows = rows.sorted()
            learnMembers = byMember.map { values in learnRows.map { values[$0] ?? .nan } }
            if plan.refit {
                test = refitted.map(\.test)
                validation = refitted.map(\.validation)
            } else {
                test = innerTest
                validation = innerValidation
                fallbacks = 0
            }
        }
        let trainingPart = data.ratings.subset(fold.train)
        func features(_ rows: [Int]) -> [[Double]] {
            let subset = data.ratings.subset(rows)
            return PredictionCombiner.metaFeatures(
                plan.features, users: subset.users, items: subset.items, times: subset.times, training: trainingPart)
        }
        let model = try PredictionCombiner.fitStacking(
            plan.learner, members: learnMembers, features: features(learnRows), targets: truth(learnRows))
        var details = CombineResults(method: method)
        var names = plan.members
        for feature in plan.features { names += plan.members.map { "\($0) × \(feature.rawValue)" } }
        details.coefficients = [
            CoefficientEntry(
                fold: number,
                coefficients: Dictionary(zip(names, model.coefficients).map { ($0, $1) }, uniquingKeysWith: { a, _ in a }),
                intercept: model.intercept)
        ]
        return output(
            test: model.apply(members: test, features: features(fold.test), scale: scale),
            validation: model.apply(members: validation, features: features(fold.validation), scale: scale),
            fallbacks: fallbacks, details: details,
            combiner: .stacking(model, features: plan.features, support: TrainingSupport(trainingPart)))
    }

    /// The running mean of `parts` prediction lists.
    private static func accumulate(_ sum: [Double], _ values: [Double], parts: Int) -> [Double] {
        let scaled = values.map { $0 / Double(parts) }
        return sum.isEmpty ? scaled : zip(sum, scaled).map { $0 + $1 }
    }
}
