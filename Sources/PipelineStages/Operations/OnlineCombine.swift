import MLCore
import MLModels
import PipelineGraph
import PipelineKinds

/// A prequential split by event, as the fit and combine steps need it.
struct EventStream: Sendable, Hashable {
    /// Ratings predicted before the models learn from them.
    var batch: Int
    /// Spans of the stream that get their own error in the results.
    var windows: Int

    var configuration: ConfigValue { ["batch": .int(batch), "windows": .int(windows)] }
}

extension FoldCombiner {
    /// The members' stream predictions combined as the ensemble learns online:
    /// each rating in time order is combined with the weights learned from
    /// the ratings before its batch, then the weights learn from it (least
    /// squares with forgetting, or inverse recent error); written weights
    /// and the average stay fixed.
    func online(_ method: CombineMethod, _ members: [PredictionsArtifact], names: [String], stream: EventStream) throws
        -> Artifact
    {
        guard let times = data.ratings.times else { throw StageError(.data, "an event stream needs a time column") }
        let order = OnlineStream.timeOrder(fold.test, times: times)
        var position = [Int](repeating: 0, count: data.ratings.count)
        for (index, row) in fold.test.enumerated() { position[row] = index }
        let columns = members.map { member in order.map { member.test[position[$0]] } }
        let truths = order.map { data.ratings.values[$0] }
        var combination: LinearCombination
        var streamed: [Double]
        switch method {
        case .weighted(let plan) where plan.fixed == nil:
            switch plan.fit {
            case .inverseError(let power):
                let result = OnlineWeights.combine(
                    members: columns, ratings: truths, batch: stream.batch, halfLife: plan.halfLife, power: power,
                    scale: scale)
                (streamed, combination) = (result.values, LinearCombination(weights: result.finalWeights))
            case .leastSquares, .nonNegative:
                let nonNegative = plan.fit == .nonNegative
                let result = OnlineLeastSquares.combine(
                    members: columns, ratings: truths, batch: stream.batch, halfLife: plan.halfLife, nonNegative: nonNegative,
                    scale: scale)
                streamed = result.values
                let state = result.final
                combination = LinearCombination(
                    weights: state.weights, intercept: nonNegative ? 0 : state.coefficients[columns.count])
            }
        case .weighted(let plan):
            combination = try PredictionCombiner.normalizedWeights(plan.fixed ?? [])
            streamed = combination.apply(columns, scale: scale)
        default:
            combination = .average(of: columns.count)
            streamed = combination.apply(columns, scale: scale)
        }
        var byRow = [Double](repeating: 0, count: data.ratings.count)
        for (index, row) in order.enumerated() { byRow[row] = streamed[index] }
        var predictions = PredictionsArtifact(
            test: fold.test.map { byRow[$0] }, validation: [], testFallbacks: members.map(\.testFallbacks).max() ?? 0)
        predictions.windowErrors = OnlineStream.windowErrors(predictions: streamed, truths: truths, windows: stream.windows)
        var fields = predictions.fields
        var details = CombineResults(method: self.method)
        if !names.isEmpty {
            details.weights = [
                WeightEntry(
                    fold: number, from: nil, to: nil,
                    weights: Dictionary(zip(names, combination.weights).map { ($0, $1) }, uniquingKeysWith: { a, _ in a }),
                    intercept: combination.intercept)
            ]
        }
        fields["details"] = .string(details.jsonText())
        fields["combiner"] = .bytes(EnsembleCombiner.linear(combination).encoded())
        return .record(fields)
    }
}
