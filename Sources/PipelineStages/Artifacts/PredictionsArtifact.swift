import PipelineGraph

/// A model's (or the combination's) predictions for one fold's test and
/// validation rows, in the fold's row order.
struct PredictionsArtifact: Sendable {
    var test: [Double]
    var validation: [Double]
    /// Test rows whose user or item had no training rating, predicted by a fallback.
    var testFallbacks: Int

    var artifact: Artifact {
        .record(["test": .doubles(test), "validation": .doubles(validation), "testFallbacks": .int(Int64(testFallbacks))])
    }

    init(test: [Double], validation: [Double], testFallbacks: Int) {
        self.test = test
        self.validation = validation
        self.testFallbacks = testFallbacks
    }

    init(_ artifact: Artifact) throws {
        guard let test = artifact[field: "test"]?.doubleArray, let validation = artifact[field: "validation"]?.doubleArray,
              let fallbacks = artifact[field: "testFallbacks"]?.doubleValue
        else { throw StageError.malformedInput("predictions") }
        self.test = test
        self.validation = validation
        testFallbacks = Int(fallbacks)
    }
}
