import Foundation
import RunComparison

/// The results of a pipeline: every model's (and the combination's) metrics
/// per fold with mean and standard deviation, and the gates. This is the
/// document `report: {json: ...}` writes and `mass show --json` prints; its
/// format is documented in the README because CI scripts parse it.
public struct PipelineResults: Codable, Sendable, Equatable {
    public var pipeline: String
    public var folds: Int
    /// Metric names in the order `evaluate.metrics` lists them.
    public var metrics: [String]
    public var models: [TargetResults]
    public var gates: [GateResult]
    /// What the combiner learned; absent without `combine:`.
    public var combine: CombineResults?
    /// The search's trials and best configuration; absent without `search:`.
    public var search: SearchResults?
    /// For a prequential split, the partition each fold (step) scores, in order.
    public var steps: [String]?
    /// Gates against a baseline revision (`max_regression`), with what they compared.
    public var regressionGates: [RegressionGateResult]?
    /// The revision regression gates compare with, and its metrics.
    public var baseline: Baseline?
    /// `all` when ranking metrics rank every item a user did not rate in
    /// training (`evaluate.candidates`); absent when they rank the user's test items.
    public var candidates: String?

    public init(
        pipeline: String, folds: Int, metrics: [String], models: [TargetResults], gates: [GateResult] = [],
        combine: CombineResults? = nil, search: SearchResults? = nil, steps: [String]? = nil,
        regressionGates: [RegressionGateResult]? = nil, baseline: Baseline? = nil, candidates: String? = nil
    ) {
        self.candidates = candidates
        self.search = search
        self.steps = steps
        self.regressionGates = regressionGates
        self.baseline = baseline
        self.pipeline = pipeline
        self.folds = folds
        self.metrics = metrics
        self.models = models
        self.gates = gates
        self.combine = combine
    }

    public var gatesHold: Bool { gates.allSatisfy(\.passed) && (regressionGates ?? []).allSatisfy(\.passed) }

    /// Sorted keys and fixed formatting: the same results give the same bytes.
    public func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    public static func decode(_ text: String) -> PipelineResults? {
        try? JSONDecoder().decode(PipelineResults.self, from: Data(text.utf8))
    }
}

/// One model's results (or `combined`).
public struct TargetResults: Codable, Sendable, Equatable {
    public var name: String
    /// The model kind, or the combine method for `combined`.
    public var kind: String
    /// By metric name (`rmse`, `ndcg@10`).
    public var metrics: [String: MetricStatistics]
    /// Test rows predicted, summed over folds.
    public var predictions: Int
    /// Of those, rows whose user or item had no training data, predicted by a fallback.
    public var fallbacks: Int
    /// The same metrics on the inner validation part, when the split carves one (what a search optimises).
    public var validation: [String: MetricStatistics]?
    /// The folds (from 1) on which the model's nodes failed under `--keep-going`;
    /// absent when it succeeded. A model that failed anywhere has no metrics.
    public var failedFolds: [Int]?
    /// The training loss after each epoch, mean over the folds (the sum of squared
    /// errors on the training part, as `mf`, `svdpp` and `als` record it); absent for
    /// models that do not train in epochs.
    public var epochLosses: [Double]?
    /// Test predictions and true ratings counted in bins across the rating scale, summed over the folds.
    public var histogram: RatingHistogram?
    /// What happened while training, fold by fold: "fold 3: diverged at epoch 7, retried with lr 0.0025".
    public var notes: [String]?
    /// On an event stream: the RMSE of each equal span of the stream, in time order (error over time).
    public var windowErrors: [Double]?

    public init(
        name: String, kind: String, metrics: [String: MetricStatistics], predictions: Int, fallbacks: Int,
        validation: [String: MetricStatistics]? = nil, failedFolds: [Int]? = nil, epochLosses: [Double]? = nil,
        histogram: RatingHistogram? = nil
    ) {
        self.epochLosses = epochLosses
        self.histogram = histogram
        self.name = name
        self.kind = kind
        self.metrics = metrics
        self.predictions = predictions
        self.fallbacks = fallbacks
        self.validation = validation
        self.failedFolds = failedFolds
    }

    /// "failed (fold 2)", "failed (folds 1, 2)": what the tables show for a model that failed.
    public var failureText: String? {
        guard let failedFolds, !failedFolds.isEmpty else { return nil }
        let folds = failedFolds.map(String.init).joined(separator: ", ")
        return "failed (fold\(failedFolds.count == 1 ? "" : "s") \(folds))"
    }
}

public struct MetricStatistics: Codable, Sendable, Equatable {
    public var mean: Double
    /// Sample standard deviation over folds (0 for one fold).
    public var std: Double
    public var folds: [Double]

    public init(folds: [Double]) {
        self.folds = folds
        let count = Double(folds.count)
        mean = folds.isEmpty ? .nan : folds.reduce(0, +) / count
        let m = mean
        std = folds.count > 1 ? (folds.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (count - 1)).squareRoot() : 0
    }
}

/// A CI gate and whether the final model keeps it.
public struct GateResult: Codable, Sendable, Equatable {
    public var metric: String
    public var model: String
    public var min: Double?
    public var max: Double?
    /// The model's mean of the metric; absent when the model failed (the gate fails).
    public var value: Double?
    public var passed: Bool

    public init(metric: String, model: String, min: Double?, max: Double?, value: Double?) {
        self.metric = metric
        self.model = model
        self.min = min
        self.max = max
        self.value = value
        passed =
            value.map { value in
                !value.isNaN && (min.map { value >= $0 } ?? true) && (max.map { value <= $0 } ?? true)
            } ?? false
    }

    /// The value for people: four decimals, or why there is none.
    var valueText: String { value.map(PipelineResults.format) ?? "no value (the model failed)" }
}
