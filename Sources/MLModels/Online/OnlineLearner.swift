import MLCore

/// A model's state while it learns from one rating at a time: it predicts a
/// rating from everything learned so far, then learns from the true rating.
/// Indices are the dense indices of the whole stream, known in advance, so
/// a user or item seen for the first time needs no reallocation: it starts
/// as the settings say and is marked seen.
public protocol OnlineLearner: Sendable {
    /// The estimate of `user`'s rating of `item` before clipping.
    func estimate(user: Int32, item: Int32) -> Double
    /// One update from a true rating.
    mutating func learn(user: Int32, item: Int32, rating: Double)
}

/// How a model learns online (a model's `online:` section): the step sizes
/// and regularisation of its updates and how new users and items start.
/// `nil` takes the kind's default (see each kind's `onlineLearner`).
public struct OnlineSettings: Sendable, Hashable {
    /// Step size of factor updates.
    public var learningRate: Double?
    /// L2 penalty of factor updates.
    public var reg: Double?
    /// Step size of bias updates.
    public var biasLearningRate: Double?
    /// L2 penalty of bias updates.
    public var biasReg: Double?
    /// New users' and items' factors are drawn from N(0, initStd²).
    public var initStd: Double?

    public init(
        learningRate: Double? = nil, reg: Double? = nil, biasLearningRate: Double? = nil, biasReg: Double? = nil,
        initStd: Double? = nil
    ) {
        self.learningRate = learningRate
        self.reg = reg
        self.biasLearningRate = biasLearningRate
        self.biasReg = biasReg
        self.initStd = initStd
    }
}

/// The step sizes online learners take unless `online:` sets them, found by
/// a sweep on MovieLens 100k in time order (bench/online.sh).
public enum OnlineDefaults {
    public static let learningRate = 0.1
    public static let biasLearningRate = 0.05
    public static let initStd = 0.02
}

/// A model kind with an online update rule.
public protocol OnlineModel: RatingModel {
    /// A learner that has seen nothing yet, for a stream of `userCount` users and `itemCount` items.
    func onlineLearner(
        userCount: Int, itemCount: Int, settings: OnlineSettings, seed: UInt64
    ) throws -> any OnlineLearner
}

/// Prequential evaluation of a learner over a stream.
public enum OnlineStream {
    /// Walks `order` (row indices of `ratings`, in time order) in batches of
    /// `batch`: every rating of a batch is predicted by the learner as it
    /// stood before the batch, then the learner learns from each in turn.
    /// Returns the predictions, clipped to `scale`, in the order of `order`.
    public static func run(
        _ learner: any OnlineLearner, ratings: RatingSet, order: [Int], batch: Int, scale: ClosedRange<Double>
    ) -> [Double] {
        run(learner, ratings, order, max(batch, 1), scale)
    }

    private static func run<Learner: OnlineLearner>(
        _ start: Learner, _ ratings: RatingSet, _ order: [Int], _ batch: Int, _ scale: ClosedRange<Double>
    ) -> [Double] {
        var learner = start
        var predictions = [Double](repeating: 0, count: order.count)
        var first = 0
        while first < order.count {
            let end = min(first + batch, order.count)
            for position in first..<end {
                let row = order[position]
                predictions[position] = clip(learner.estimate(user: ratings.users[row], item: ratings.items[row]), to: scale)
            }
            for position in first..<end {
                let row = order[position]
                learner.learn(user: ratings.users[row], item: ratings.items[row], rating: ratings.values[row])
            }
            first = end
        }
        return predictions
    }

    /// `rows` sorted by time, ties kept in row order.
    public static func timeOrder(_ rows: [Int], times: [Double]) -> [Int] {
        rows.sorted { times[$0] != times[$1] ? times[$0] < times[$1] : $0 < $1 }
    }

    /// The RMSE of each of `windows` consecutive, equal spans of the stream
    /// (the last takes the remainder); fewer spans when the stream is shorter.
    public static func windowErrors(predictions: [Double], truths: [Double], windows: Int) -> [Double] {
        let count = predictions.count, spans = max(1, min(windows, count))
        guard count > 0 else { return [] }
        return (0..<spans).map { span in
            let from = count * span / spans, to = count * (span + 1) / spans
            var sum = 0.0
            for position in from..<to {
                let error = predictions[position] - truths[position]
                sum += error * error
            }
            return (sum / Double(max(to - from, 1))).squareRoot()
        }
    }
}
