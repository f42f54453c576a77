import MLCore
import MLModels
import PipelineGraph
import PipelineKinds
import PipelineSpec

/// A model on an event stream (a prequential split by event): every rating,
/// in time order, is predicted by the model learned from the ratings before
/// it (in batches of `batch`), then learned from. Its predictions are the
/// fold's test predictions; the RMSE of each of `windows` spans of the
/// stream goes to the results, so error over time can be plotted.
struct OnlineFit: Sendable {
    let model: ModelSpec
    let batch: Int
    let windows: Int

    init(model: ModelSpec, batch: Int, windows: Int) throws {
        let built = try Kinds.models.build(model.configuration, ModelContext(workRoot: "", workingDirectory: ""))
        guard built is any OnlineModel else {
            throw StageError(
                .model,
                "model '\(model.name.value)' (\(model.kind.value)) cannot learn rating by rating; "
                    + "with 'granularity: event' use a kind that can (baseline, mf, svdpp, popularity, global-mean)")
        }
        self.model = model
        self.batch = batch
        self.windows = windows
    }

    var configuration: ConfigValue {
        let online = model.online?.value ?? OnlineSpec()
        let values = [online.learningRate, online.reg, online.biasLearningRate, online.biasReg, online.initStd]
        var fields: [String: ConfigValue] = ["batch": .int(batch), "windows": .int(windows)]
        for ((key, _), value) in zip(OnlineSpec.keys, values) { fields[key] = value.map(ConfigValue.double) ?? .null }
        return .object(fields)
    }

    func run(inputs: [Artifact], sampled: Bool, context: OperationContext) throws -> Artifact {
        let input = try FoldInputs(inputs, fold: 1, sampled: sampled)
        try context.checkCancellation()
        let ratings = input.ratings
        guard let times = ratings.times else { throw StageError(.data, "an event stream needs a time column") }
        let built = try Kinds.models.build(
            model.configuration, ModelContext(workRoot: context.logDirectory, workingDirectory: context.workingDirectory))
        guard let online = built as? any OnlineModel else { throw StageError.malformedInput("online model") }
        let spec = model.online?.value ?? OnlineSpec()
        let settings = OnlineSettings(
            learningRate: spec.learningRate, reg: spec.reg, biasLearningRate: spec.biasLearningRate, biasReg: spec.biasReg,
            initStd: spec.initStd)
        let learner: any OnlineLearner
        do {
            learner = try online.onlineLearner(
                userCount: ratings.userCount, itemCount: ratings.itemCount, settings: settings, seed: context.seed)
        } catch let error as ModelError {
            throw StageError(.model, "model '\(model.name.value)' (\(model.kind.value)) cannot learn online", cause: error)
        }
        let order = OnlineStream.timeOrder(input.fold.test, times: times)
        let streamed = OnlineStream.run(learner, ratings: ratings, order: order, batch: batch, scale: input.data.scale)
        return Self.artifact(
            streamed: streamed, order: order, fold: input.fold, ratings: ratings, windows: windows, batch: batch)
    }

    /// Predictions in the fold's test order, the cold-start count (ratings whose
    /// user or item had not been seen before their batch), and the RMSE per window.
    static func artifact(
        streamed: [Double], order: [Int], fold: Fold, ratings: RatingSet, windows: Int, batch: Int
    ) -> Artifact {
        var byRow = [Double](repeating: 0, count: ratings.count)
        for (position, row) in order.enumerated() { byRow[row] = streamed[position] }
        var predictions = PredictionsArtifact(
            test: fold.test.map { byRow[$0] }, validation: [],
            testFallbacks: coldStarts(order: order, ratings: ratings, batch: batch))
        predictions.windowErrors = OnlineStream.windowErrors(
            predictions: streamed, truths: order.map { ratings.values[$0] }, windows: windows)
        return predictions.artifact
    }

    private static func coldStarts(order: [Int], ratings: RatingSet, batch: Int) -> Int {
        var seenUsers = [Bool](repeating: false, count: ratings.userCount)
        var seenItems = [Bool](repeating: false, count: ratings.itemCount)
        var cold = 0, first = 0
        while first < order.count {
            let end = min(first + max(batch, 1), order.count)
            for row in order[first..<end] where !seenUsers[Int(ratings.users[row])] || !seenItems[Int(ratings.items[row])] {
                cold += 1
            }
            for row in order[first..<end] {
                seenUsers[Int(ratings.users[row])] = true
                seenItems[Int(ratings.items[row])] = true
            }
            first = end
        }
        return cold
    }
}
