import Foundation
import PipelineGraph
import PipelineKinds
import PipelineSpec
@testable import PipelineStages
import Testing

/// What the report draws travels from the fits and evaluations into the
/// results: each epoch's training loss and the rating histograms.
@Suite struct ReportDataTests {
    static let pipeline =
        OperationTests.small + """
            evaluate: {metrics: [rmse]}

            """

    /// load → split → fit → evaluate on both folds → summarize, as the graph would run them.
    private func summarize() async throws -> (fits: [[String: Artifact]], results: PipelineResults) {
        let spec = try OperationTests.spec(Self.pipeline)
        let factory = StageFactory(spec: spec, pipelineFile: "p.yaml")
        let context = OperationContext(
            nodeID: "test", seed: 11, pipelineSeed: 7, workingDirectory: NSTemporaryDirectory(),
            logDirectory: NSTemporaryDirectory())
        let data = try await factory.operation(for: .load(spec.data[0])).run(inputs: [], context: context)
        let folds = try await factory.operation(for: .split(spec.split, folds: 2)).run(inputs: [data], context: context)
        let evaluate = try #require(spec.evaluate)
        var fits: [[String: Artifact]] = []
        var evaluations: [Artifact] = []
        for fold in 1...2 {
            for model in spec.models {
                let fit = try await factory.operation(for: .fit(model, fold: fold)).run(inputs: [data, folds], context: context)
                fits.append(try PredictionsArtifact(fit).fields)
                evaluations.append(
                    try await factory.operation(
                        for: .evaluate(target: model.name.value, fold: fold, metrics: evaluate, ensemble: nil)
                    )
                    .run(inputs: [data, folds, fit], context: context))
            }
        }
        let summary = try await factory.operation(for: .summarize(targets: ["a", "b"], folds: 2, metrics: evaluate))
            .run(inputs: evaluations, context: context)
        let results = try #require(summary.stringValue.flatMap(PipelineResults.decode))
        return (fits, results)
    }

    @Test func anEpochwiseModelsLossesReachTheResultsAsTheMeanOverFolds() async throws {
        let (fits, results) = try await summarize()
        // Fits alternate a (baseline), b (mf, 5 epochs) fold by fold.
        #expect(fits[0]["epochLosses"] == nil)
        let first = try #require(fits[1]["epochLosses"]?.doubleArray)
        let second = try #require(fits[3]["epochLosses"]?.doubleArray)
        #expect(first.count == 5 && second.count == 5)
        let mean = try #require(results.models.first { $0.name == "b" }?.epochLosses)
        #expect(mean == zip(first, second).map { ($0 + $1) / 2 })
        #expect(try #require(mean.last) < mean[0], "training lowers the loss")
        #expect(results.models.first { $0.name == "a" }?.epochLosses == nil)
    }

    @Test func histogramsCountEveryTestRowOnceAndSumOverFolds() async throws {
        let (_, results) = try await summarize()
        for model in results.models {
            let histogram = try #require(model.histogram)
            #expect(histogram.edges.count == histogram.predicted.count + 1)
            #expect(histogram.predicted.reduce(0, +) == model.predictions)
            #expect(histogram.truth.reduce(0, +) == model.predictions)
        }
        // Both models score the same rows, so the true ratings' counts agree.
        #expect(results.models[0].histogram?.truth == results.models[1].histogram?.truth)
    }

    @Test func resultsWithoutTheNewFieldsStillDecode() throws {
        let old = """
            {"folds": 1, "gates": [], "metrics": ["rmse"], "pipeline": "p",
             "models": [{"name": "a", "kind": "baseline", "metrics": {"rmse": {"folds": [1], "mean": 1, "std": 0}},
                         "predictions": 3, "fallbacks": 0}]}
            """
        let results = try #require(PipelineResults.decode(old))
        #expect(results.models[0].epochLosses == nil && results.models[0].histogram == nil)
    }

    @Test(arguments: [
        (1.0...5.0, [0.75, 1.25, 1.75, 2.25, 2.75, 3.25, 3.75, 4.25, 4.75, 5.25]),
        (0.0...1.0, [-0.1, 0.1, 0.3, 0.5, 0.7, 0.9, 1.1]),
        (0.5...5.0, [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
    ])
    func binsAreCentredOnRoundValuesOfTheScale(scale: ClosedRange<Double>, edges: [Double]) {
        let made = RatingHistogram.edges(scale: scale)
        #expect(made.count == edges.count)
        #expect(zip(made, edges).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test func valuesFallInTheirBinAndTheEndsTakeWhatLiesBeyond() {
        let edges = RatingHistogram.edges(scale: 1...5)
        #expect(RatingHistogram.counts([1, 1.2, 1.3, 5, 5.4, 0.2, 3], edges: edges) == [3, 1, 0, 0, 1, 0, 0, 0, 2])
    }

    @Test func foldsWithDifferentBinsAreNotAdded() {
        let one = RatingHistogram(edges: [0, 1, 2], predicted: [1, 2], truth: [3, 0])
        #expect(RatingHistogram.sum([one, one]) == RatingHistogram(edges: [0, 1, 2], predicted: [2, 4], truth: [6, 0]))
        #expect(RatingHistogram.sum([one, RatingHistogram(edges: [0, 2, 4], predicted: [1, 1], truth: [1, 1])]) == nil)
        #expect(RatingHistogram.sum([one, nil]) == nil)
    }

    @Test func epochsSomeFoldsDidNotReachAverageTheFoldsThatDid() {
        #expect(meanEpochLosses([[4, 2, 1], [2, 2]]) == [3, 2, 1])
        #expect(meanEpochLosses([]) == nil)
    }
}
