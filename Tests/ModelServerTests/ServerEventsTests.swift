import Foundation
import Hummingbird
import HummingbirdTesting
import MLModels
import ModelServer
import Testing

/// Rating events posted to the server update the served model, and snapshots keep them.
@Suite struct ServerEventsTests {
    static func post(_ client: TestClient, _ body: String) async throws -> TestClient.Response {
        try await client.post("/v1/events", headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
    }

    @Test func theNextRecommendationReflectsPostedRatings() async throws {
        let path = try ServerHarness.folder() + "/model.mass"
        try Data(try ServerHarness.modelFile(pipeline: "first", seed: 1)).write(to: URL(fileURLWithPath: path))
        try await ServerHarness.withServer(path) { client, server, _ in
            let before = try ServerHarness.json(
                RecommendationBody.self, try await client.get("/v1/recommend?user=u3&n=3"))
            let rated = before.items.map(\.item)
            #expect(rated.count == 3)
            let events = rated.map { #"{"user":"u3","item":"\#($0)","rating":1}"# }
            let one = try await Self.post(client, events[0])
            #expect(one.status == .accepted)
            let batch = try await Self.post(client, "[" + events.dropFirst().joined(separator: ",") + "]")
            #expect(batch.status == .accepted)
            _ = try await ServerHarness.next(server) { $0 == .learned(eventsLearned: 3) }

            let after = try ServerHarness.json(
                RecommendationBody.self, try await client.get("/v1/recommend?user=u3&n=3"))
            #expect(Set(after.items.map(\.item)).isDisjoint(with: rated), "rated items are no longer recommended")
            let model = try ServerHarness.json(ModelInfo.self, try await client.get("/v1/model"))
            #expect(model.eventsLearned == 3)

            let newUser = try await Self.post(client, #"{"user":"newcomer","item":"i1","rating":5}"#)
            #expect(newUser.status == .accepted)
            _ = try await ServerHarness.next(server) { $0 == .learned(eventsLearned: 4) }
            let joined = try ServerHarness.json(
                RecommendationBody.self, try await client.get("/v1/recommend?user=newcomer&n=3"))
            #expect(joined.known && !joined.items.map(\.item).contains("i1"), "a new user joins the model")
        }
    }

    @Test func aSnapshotAfterNEventsHoldsTheLearnedState() async throws {
        let path = try ServerHarness.folder() + "/model.mass"
        try Data(try ServerHarness.modelFile(pipeline: "first", seed: 1)).write(to: URL(fileURLWithPath: path))
        try await ServerHarness.withServer(path, snapshotEvents: 4) { client, server, _ in
            let events = (0..<4).map { #"{"user":"fresh","item":"i\#($0)","rating":4}"# }
            #expect(try await Self.post(client, "[" + events.joined(separator: ",") + "]").status == .accepted)
            _ = try await ServerHarness.next(server) { $0 == .snapshotWritten(eventsLearned: 4) }

            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let (ensemble, provenance) = try EnsembleFile.decode(Array(data))
            #expect(provenance.pipeline == "first")
            #expect(provenance.eventsLearned == 4, "the snapshot counts the events learned since the export")
            let fresh = ensemble.user("fresh")
            #expect(fresh >= 0, "the snapshot knows the user the events brought")
            #expect(ensemble.rated.of(fresh).count == 4)

            // The server's own snapshot is not a foreign replacement: learning goes on from it.
            #expect(try await Self.post(client, #"{"user":"fresh","item":"i9","rating":2}"#).status == .accepted)
            _ = try await ServerHarness.next(server) { $0 == .learned(eventsLearned: 5) }
            let model = try ServerHarness.json(ModelInfo.self, try await client.get("/v1/model"))
            #expect(model.loads == 1 && model.eventsLearned == 5)
        }
    }

    @Test func aServerStartedFromASnapshotCountsTheEventsSinceTheExport() async throws {
        let path = try ServerHarness.folder() + "/model.mass"
        try Data(try ServerHarness.modelFile(pipeline: "first", seed: 1)).write(to: URL(fileURLWithPath: path))
        try await ServerHarness.withServer(path, snapshotEvents: 3) { client, server, _ in
            let events = (0..<3).map { #"{"user":"u\#($0)","item":"i\#($0)","rating":4}"# }
            #expect(try await Self.post(client, "[" + events.joined(separator: ",") + "]").status == .accepted)
            _ = try await ServerHarness.next(server) { $0 == .snapshotWritten(eventsLearned: 3) }
        }
        // A restart from the snapshot goes on counting from it.
        try await ServerHarness.withServer(path) { client, server, _ in
            #expect(try ServerHarness.json(ModelInfo.self, try await client.get("/v1/model")).eventsLearned == 3)
            #expect(try await Self.post(client, #"{"user":"u1","item":"i7","rating":5}"#).status == .accepted)
            _ = try await ServerHarness.next(server) { $0 == .learned(eventsLearned: 4) }
            #expect(try ServerHarness.json(ModelInfo.self, try await client.get("/v1/model")).eventsLearned == 4)
        }
    }
}
