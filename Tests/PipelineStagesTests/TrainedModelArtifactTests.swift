import Foundation
import MLCore
import MLModels
import PipelineGraph
import PipelineKinds
import PipelineSpec
@testable import PipelineStages
import Testing

/// A fit node keeps its trained model: the bytes decode into a model that
/// predicts the node's test rows exactly as the node did.
@Suite struct TrainedModelArtifactTests {
    @Test func theFitNodesModelPredictsWhatTheNodePredicted() async throws {
        let spec = try OperationTests.spec(OperationTests.small + "evaluate: {metrics: [rmse]}\n")
        let factory = StageFactory(spec: spec, pipelineFile: "p.yaml")
        let context = OperationContext(
            nodeID: "test", seed: 11, pipelineSeed: 7, workingDirectory: NSTemporaryDirectory(),
            logDirectory: NSTemporaryDirectory())
        let dataArtifact = try await factory.operation(for: .load(spec.data[0])).run(inputs: [], context: context)
        let foldsArtifact = try await factory.operation(for: .split(spec.split, folds: 2)).run(
            inputs: [dataArtifact], context: context)
        let data = try RatingsArtifact(dataArtifact)
        let test = try FoldsArtifact(foldsArtifact).fold(1).test
        for model in spec.models {
            let fit = try PredictionsArtifact(
                try await factory.operation(for: .fit(model, fold: 1)).run(
                    inputs: [dataArtifact, foldsArtifact], context: context))
            let bytes = try #require(fit.model, "model '\(model.name.value)' keeps its trained model")
            let kind = try ModelArtifactFormat.kind(of: bytes)
            #expect(kind == model.kind.value)
            let users = test.map { data.ratings.users[$0] }, items = test.map { data.ratings.items[$0] }
            let again: [Double]
            switch kind {
            case MatrixFactorization.kind:
                again = try TrainedModel<MatrixFactorization>(decoding: bytes)
                    .predict(users: users, items: items, userIDs: data.userIDs, itemIDs: data.itemIDs).values
            case Baseline.kind:
                again = try TrainedModel<Baseline>(decoding: bytes)
                    .predict(users: users, items: items, userIDs: data.userIDs, itemIDs: data.itemIDs).values
            default:
                Issue.record("no decoder for \(kind) in this test")
                continue
            }
            #expect(again == fit.test, "model '\(model.name.value)'")
        }
    }
}
