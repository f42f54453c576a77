import MLCore
import MLModels
import PipelineGraph
import PipelineKinds
import PipelineSpec

/// What one boosting round hands the next, and the combine node reads from the last.
struct BoostingState {
    var rounds = 0
    var stopped = false
    /// Validation RMSE of the ensemble after each round (NaN without a validation part).
    var history: [Double] = []
    /// The round whose ensemble the combiner keeps (gradient: the best on validation).
    var best = 0
    var bestTest: [Double] = []
    var bestValidation: [Double] = []
    // Gradient: the ensemble's running predictions, unclipped.
    var train: [Double] = []
    var validation: [Double] = []
    var test: [Double] = []
    // AdaBoost.R2: row weights and each kept member's weight and predictions.
    var sampleWeights: [Double] = []
    var memberWeights: [Double] = []
    var memberTest: [[Double]] = []
    var memberValidation: [[Double]] = []

    init() {}

    init(_ artifact: Artifact) throws {
        guard let rounds = artifact[field: "rounds"]?.doubleValue, let best = artifact[field: "best"]?.doubleValue,
            let history = artifact[field: "history"]?.doubleArray, let stopped = artifact[field: "stopped"]?.doubleValue
        else { throw StageError.malformedInput("boosting round") }
        self.rounds = Int(rounds)
        self.best = Int(best)
        self.history = history
        self.stopped = stopped != 0
        func doubles(_ name: String) -> [Double] { artifact[field: name]?.doubleArray ?? [] }
        bestTest = doubles("bestTest")
        bestValidation = doubles("bestValidation")
        train = doubles("train")
        validation = doubles("validation")
        test = doubles("test")
        sampleWeights = doubles("sampleWeights")
        memberWeights = doubles("memberWeights")
        let members = memberWeights.count
        memberTest = Self.rows(doubles("memberTest"), count: members)
        memberValidation = Self.rows(doubles("memberValidation"), count: members)
    }

    var artifact: Artifact {
        .record([
            "rounds": .int(Int64(rounds)), "best": .int(Int64(best)), "history": .doubles(history),
            "stopped": .int(stopped ? 1 : 0), "bestTest": .doubles(bestTest), "bestValidation": .doubles(bestValidation),
            "train": .doubles(train), "validation": .doubles(validation), "test": .doubles(test),
            "sampleWeights": .doubles(sampleWeights), "memberWeights": .doubles(memberWeights),
            "memberTest": .doubles(memberTest.flatMap { $0 }), "memberValidation": .doubles(memberValidation.flatMap { $0 }),
        ])
    }

    /// A flat row-major matrix back into `count` rows.
    private static func rows(_ flat: [Double], count: Int) -> [[Double]] {
        guard count > 0, flat.count % count == 0 else { return [] }
        let width = flat.count / count
        return (0..<count).map { Array(flat[($0 * width)..<(($0 + 1) * width)]) }
    }
}

/// One round of `boosting`.
struct BoostingRound {
    let plan: BoostingPlan
    let round: Int
    let input: FoldInputs
    let fitting: ModelFitting
    let seed: UInt64
    /// Whether the round keeps its trained model (the final fit's rounds, which an export reads).
    let keep: Bool

    private var scale: ClosedRange<Double> { input.data.scale }
    private var trainTargets: [Double] { input.trainRows.map { input.ratings.values[$0] } }
    private var validationTargets: [Double] { input.fold.validation.map { input.ratings.values[$0] } }

    /// The state after this round, and the round's trained model when it is kept.
    func run(after previous: BoostingState?) throws -> (state: BoostingState, model: [UInt8]?) {
        var state = previous ?? BoostingState()
        guard !state.stopped else { return (state, nil) }
        let model: [UInt8]?
        switch plan.variant {
        case .gradient: model = try gradient(&state)
        case .adaboostR2: model = try adaBoost(&state)
        }
        state.rounds = round
        if let patience = plan.patience, round - state.best >= patience { state.stopped = true }
        return (state, model)
    }

    /// Round 1 fits the ratings; later rounds fit the residuals of the ensemble so far, shrunk by `rate`.
    private func gradient(_ state: inout BoostingState) throws -> [UInt8]? {
        let ratings = input.ratings
        var train = ratings.subset(input.trainRows)
        var fitScale = scale
        if round > 1 {
            train = RatingSet(
                users: train.users, items: train.items, values: zip(trainTargets, state.train).map { $0 - $1 },
                times: train.times,
                userCount: train.userCount, itemCount: train.itemCount)
            let width = scale.upperBound - scale.lowerBound
            fitScale = -width...width
        }
        let (predictor, model) = try fitting.fit(train, scale: fitScale, seed: seed, keeping: keep, data: input.data)
        let parts = try fitting.predict(predictor, ratings, parts: [input.trainRows, input.fold.validation, input.fold.test])
        if round == 1 {
            state.train = parts[0].values
            state.validation = parts[1].values
            state.test = parts[2].values
        } else {
            let rate = plan.rate
            state.train = zip(state.train, parts[0].values).map { $0 + rate * $1 }
            state.validation = zip(state.validation, parts[1].values).map { $0 + rate * $1 }
            state.test = zip(state.test, parts[2].values).map { $0 + rate * $1 }
        }
        record(&state, validation: state.validation, test: state.test)
        return model
    }

    /// Each round trains on rows drawn by the current weights; rows it predicts worst weigh more next time.
    private func adaBoost(_ state: inout BoostingState) throws -> [UInt8]? {
        var weights = AdaBoostR2State(rows: input.trainRows.count)
        if !state.sampleWeights.isEmpty {
            weights.sampleWeights = state.sampleWeights
            weights.memberWeights = state.memberWeights
        }
        let drawn = Resampling.weighted(weights: weights.sampleWeights, count: input.trainRows.count, seed: seed)
        let (predictor, model) = try fitting.fit(
            input.ratings.subset(drawn.map { input.trainRows[$0] }), scale: scale, seed: seed, keeping: keep, data: input.data)
        let parts = try fitting.predict(
            predictor, input.ratings, parts: [input.trainRows, input.fold.validation, input.fold.test])
        let kept = weights.memberWeights.count
        weights.update(predictions: parts[0].values, targets: trainTargets)
        if weights.memberWeights.count > kept || (round == 1 && weights.memberWeights.isEmpty) {
            // The first member is kept even when it is no better than chance, so there is always a model.
            if weights.memberWeights.count == kept { weights.memberWeights.append(1) }
            state.memberTest.append(parts[2].values)
            state.memberValidation.append(parts[1].values)
        }
        state.sampleWeights = weights.sampleWeights
        state.memberWeights = weights.memberWeights
        if weights.stopped { state.stopped = true }
        let validation = PredictionCombiner.adaBoostPredict(
            memberPredictions: state.memberValidation, memberWeights: state.memberWeights)
        let test = PredictionCombiner.adaBoostPredict(memberPredictions: state.memberTest, memberWeights: state.memberWeights)
        record(&state, validation: validation, test: test)
        return model
    }

    /// The ensemble's validation error after this round; the best round so far is kept.
    private func record(_ state: inout BoostingState, validation: [Double], test: [Double]) {
        let targets = validationTargets
        var error = Double.nan
        if !targets.isEmpty {
            var sum = 0.0
            for (prediction, target) in zip(validation, targets) {
                let clipped = min(max(prediction, scale.lowerBound), scale.upperBound)
                sum += (clipped - target) * (clipped - target)
            }
            error = (sum / Double(targets.count)).squareRoot()
        }
        let bestError = state.best > 0 ? state.history[state.best - 1] : .infinity
        state.history.append(error)
        // Without a validation part every round is kept: the last is the ensemble.
        if error.isNaN || error < bestError || state.best == 0 {
            state.best = round
            state.bestTest = test
            state.bestValidation = validation
        }
    }
}
