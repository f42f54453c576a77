import Foundation
import Hummingbird
import HummingbirdTesting
import MLModels
import ModelServer
import Testing

/// Replacing the model file while the server runs.
@Suite struct ServerReloadTests {
    @Test func aReplacedFileIsServedAndABadOneIsRefused() async throws {
        let path = try ServerHarness.folder() + "/model.mass"
        try Data(try ServerHarness.modelFile(pipeline: "first", seed: 1)).write(to: URL(fileURLWithPath: path))
        try await ServerHarness.withServer(path) { client, server, _ in
            let before = try ServerHarness.json(
                RecommendationBody.self, try await client.get("/v1/recommend?user=u3&n=5"))
            // A request that took the model before the swap answers from it to the end.
            let inFlight = server.holder.current

            try ServerHarness.replace(path, with: try ServerHarness.modelFile(pipeline: "second", seed: 2))
            _ = try await ServerHarness.next(server) { $0 == .reloaded(loads: 2) }
            let model = try ServerHarness.json(ModelInfo.self, try await client.get("/v1/model"))
            #expect(model.pipeline == "second" && model.loads == 2)
            let after = try ServerHarness.json(
                RecommendationBody.self, try await client.get("/v1/recommend?user=u3&n=5"))
            #expect(after.items.map(\.score) != before.items.map(\.score), "the new model answers")

            #expect(inFlight.provenance.pipeline == "first")
            let old = inFlight.ensemble.recommend(user: "u3", count: 5)
            #expect(old.items.map(\.id) == before.items.map(\.item), "the old model still answers as before")

            try ServerHarness.replace(path, with: Array("not a model".utf8))
            _ = try await ServerHarness.next(server) {
                if case .reloadFailed = $0 { return true }
                return false
            }
            let kept = try ServerHarness.json(ModelInfo.self, try await client.get("/v1/model"))
            #expect(kept.pipeline == "second" && kept.loads == 2, "the old model keeps serving")
            #expect(try await client.get("/v1/recommend?user=u3&n=5").status == .ok)
            let metrics = String(buffer: try await client.get("/metrics").body ?? ByteBuffer())
            #expect(metrics.contains(#"mass_model_reloads_total{result="ok"} 1"#))
            #expect(metrics.contains(#"mass_model_reloads_total{result="failed"} 1"#))
        }
    }
}
