import MLModels
import PipelineGraph

/// A model's (or the combination's) predictions for one fold's test and
/// validation rows, in the fold's row order.
struct PredictionsArtifact: Sendable {
    var test: [Double]
    var validation: [Double]
    /// Test rows whose user or item had no training rating, predicted by a fallback.
    var testFallbacks: Int
    /// Scores that rank the test rows' items in place of the predictions (a popularity count).
    var testRankingScores: [Double]?
    /// The validation error after each epoch, when a pruned search asked for it.
    var validationCurve: [Double]?
    /// The epoch after which a pruned search stopped the fit.
    var prunedAfterEpoch: Int?
    /// The training loss after each epoch, for models that record it.
    var epochLosses: [Double]?
    /// The trained model in the library's binary format (`TrainedModel.encoded()`), for a kind that has one.
    var model: [UInt8]?
    /// What happened while training that the results should say (a diverged epoch run again).
    var trainingNote: String?
    /// On an event stream: the RMSE of each equal span of the stream, in time order.
    var windowErrors: [Double]?

    var artifact: Artifact {
        var fields: [String: Artifact] = [
            "test": .doubles(test), "validation": .doubles(validation),
            "testFallbacks": .int(Int64(testFallbacks)),
        ]
        if let testRankingScores { fields["testRankingScores"] = .doubles(testRankingScores) }
        if let validationCurve { fields["validationCurve"] = .doubles(validationCurve) }
        if let prunedAfterEpoch { fields["prunedAfterEpoch"] = .int(Int64(prunedAfterEpoch)) }
        if let epochLosses { fields["epochLosses"] = .doubles(epochLosses) }
        if let model { fields["model"] = .bytes(model) }
        if let trainingNote { fields["trainingNote"] = .string(trainingNote) }
        if let windowErrors { fields["windowErrors"] = .doubles(windowErrors) }
        return .record(fields)
    }

    init(test: [Double], validation: [Double], testFallbacks: Int, testRankingScores: [Double]? = nil) {
        self.test = test
        self.validation = validation
        self.testFallbacks = testFallbacks
        self.testRankingScores = testRankingScores
    }

    init(_ artifact: Artifact) throws {
        guard let test = artifact[field: "test"]?.doubleArray, let validation = artifact[field: "validation"]?.doubleArray,
            let fallbacks = artifact[field: "testFallbacks"]?.doubleValue
        else { throw StageError.malformedInput("predictions") }
        self.test = test
        self.validation = validation
        testFallbacks = Int(fallbacks)
        testRankingScores = artifact[field: "testRankingScores"]?.doubleArray
        validationCurve = artifact[field: "validationCurve"]?.doubleArray
        prunedAfterEpoch = artifact[field: "prunedAfterEpoch"]?.doubleValue.map { Int($0) }
        epochLosses = artifact[field: "epochLosses"]?.doubleArray
        if case .bytes(let bytes)? = artifact[field: "model"] { model = bytes }
        windowErrors = artifact[field: "windowErrors"]?.doubleArray
        trainingNote = artifact[field: "trainingNote"]?.stringValue
    }
}

extension PredictionsArtifact {
    /// Test and validation predictions of a member fit (no fallbacks counted).
    init(_ test: Predictions, validation: Predictions) {
        let cold: PredictionFallback = [.unknownUser, .unknownItem]
        self.init(
            test: test.values, validation: validation.values,
            testFallbacks: test.fallbacks.reduce(0) { $0 + ($1.isDisjoint(with: cold) ? 0 : 1) })
    }

    var fields: [String: Artifact] {
        guard case .record(let fields) = artifact else { return [:] }
        return fields
    }
}
