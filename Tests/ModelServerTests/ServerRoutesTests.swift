import Foundation
import Hummingbird
import HummingbirdTesting
import MLModels
import ModelServer
import Testing

/// Every route over a real socket, the errors of malformed requests, and the limits.
@Suite struct ServerRoutesTests {
    @Test func everyRouteAnswersOverTheSocket() async throws {
        let path = try ServerHarness.folder() + "/model.mass"
        try Data(try ServerHarness.modelFile(pipeline: "first", seed: 1)).write(to: URL(fileURLWithPath: path))
        try await ServerHarness.withServer(path) { client, _, _ in
            #expect(try await client.get("/healthz").status == .ok)
            let model = try ServerHarness.json(ModelInfo.self, try await client.get("/v1/model"))
            #expect(model.pipeline == "first" && model.members == ["bias", "mf"] && model.loads == 1)
            #expect(model.learningMembers.contains("mf"))

            let known = try ServerHarness.json(
                RecommendationBody.self, try await client.get("/v1/recommend?user=u3&n=4"))
            #expect(known.known && known.items.count == 4)
            #expect(zip(known.items, known.items.dropFirst()).allSatisfy { $0.score >= $1.score })
            let unknown = try ServerHarness.json(
                RecommendationBody.self, try await client.get("/v1/recommend?user=nobody&n=3"))
            #expect(!unknown.known && unknown.items.count == 3, "an unknown user gets the fallback, flagged")

            struct Predictions: Decodable {
                struct Prediction: Decodable {
                    var score: Double
                    var knownUser: Bool
                    var knownItem: Bool
                }
                var predictions: [Prediction]
            }
            let predicted = try ServerHarness.json(
                Predictions.self,
                try await client.post(
                    "/v1/predict", headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"pairs": [{"user": "u1", "item": "i2"}, {"user": "x", "item": "i2"}]}"#)))
            #expect(predicted.predictions.map(\.knownUser) == [true, false])
            #expect(predicted.predictions.allSatisfy { (1...5).contains($0.score) })

            let metrics = String(buffer: try await client.get("/metrics").body ?? ByteBuffer())
            for name in [
                "mass_http_requests_total", "mass_http_request_duration_seconds_bucket", "mass_member_scoring_seconds",
            ] {
                #expect(metrics.contains(name), "\(name) in /metrics")
            }
            #expect(metrics.contains(#"route="/v1/recommend""#) && metrics.contains(#"member="mf""#))
        }
    }

    /// A pair's time reaches the members that read it; a pair without one gets their default.
    @Test func aTimeChangesATimedMembersAnswer() async throws {
        let bytes = try ServerHarness.timedModelFile()
        let path = try ServerHarness.folder() + "/model.mass"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let (ensemble, _) = try EnsembleFile.decode(bytes)
        let early = 10.0 * 86_400, late = 290.0 * 86_400
        let expected = ensemble.predict(
            users: ["u1", "u1", "u1", "u1"], items: ["i2", "i2", "i2", "i3"], at: [early, late, nil, late]
        ).values
        #expect(expected[0] != expected[1], "the ensemble itself answers differently at the two times")
        try await ServerHarness.withServer(path) { client, _, _ in
            struct Predictions: Decodable {
                struct Prediction: Decodable { var score: Double }
                var predictions: [Prediction]
            }
            let body = """
                {"pairs": [{"user": "u1", "item": "i2", "time": \(early)}, {"user": "u1", "item": "i2", "time": \(late)},
                {"user": "u1", "item": "i2"}, {"user": "u1", "item": "i3", "time": \(late)}]}
                """
            let answer = try ServerHarness.json(
                Predictions.self,
                try await client.post(
                    "/v1/predict", headers: [.contentType: "application/json"], body: ByteBuffer(string: body)))
            #expect(answer.predictions.map(\.score) == expected)

            let untimed = try ServerHarness.json(
                Predictions.self,
                try await client.post(
                    "/v1/predict", headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"pairs": [{"user": "u1", "item": "i2", "time": null}]}"#)))
            #expect(untimed.predictions.map(\.score) == [expected[2]], "null is no time")
        }
    }

    @Test func malformedRequestsGetJSONErrors() async throws {
        let path = try ServerHarness.folder() + "/model.mass"
        try Data(try ServerHarness.modelFile(pipeline: "first", seed: 1)).write(to: URL(fileURLWithPath: path))
        let limits = RequestLimits(maxBodyBytes: 300, maxPairs: 2, maxCount: 50)
        try await ServerHarness.withServer(path, limits: limits) { client, _, _ in
            let json: HTTPFields = [.contentType: "application/json"]
            let cases: [(String, TestClient.Response, HTTPResponse.Status, String)] = [
                ("no user", try await client.get("/v1/recommend?n=3"), .badRequest, "missing_user"),
                ("n zero", try await client.get("/v1/recommend?user=u1&n=0"), .badRequest, "bad_n"),
                ("n too large", try await client.get("/v1/recommend?user=u1&n=51"), .badRequest, "bad_n"),
                ("n not a number", try await client.get("/v1/recommend?user=u1&n=ten"), .badRequest, "bad_n"),
                (
                    "not JSON", try await client.post("/v1/predict", headers: json, body: ByteBuffer(string: "{pairs")),
                    .badRequest, "malformed_json"
                ),
                (
                    "no pairs", try await client.post("/v1/predict", headers: json, body: ByteBuffer(string: "{}")),
                    .badRequest, "malformed_json"
                ),
                (
                    "too many pairs",
                    try await client.post(
                        "/v1/predict", headers: json,
                        body: ByteBuffer(
                            string: #"{"pairs":[{"user":"a","item":"b"},{"user":"a","item":"b"},"#
                                + #"{"user":"a","item":"b"}]}"#)),
                    .contentTooLarge, "too_many_pairs"
                ),
                (
                    "oversize body",
                    try await client.post(
                        "/v1/predict", headers: json, body: ByteBuffer(string: String(repeating: " ", count: 1000))),
                    .contentTooLarge, "too_large"
                ),
                (
                    "rating off the scale",
                    try await client.post(
                        "/v1/events", headers: json, body: ByteBuffer(string: #"{"user":"u1","item":"i1","rating":9}"#)),
                    .badRequest, "bad_rating"
                ),
                (
                    "rating not a number",
                    try await client.post(
                        "/v1/events", headers: json,
                        body: ByteBuffer(string: #"{"user":"u1","item":"i1","rating":"NaN"}"#)),
                    .badRequest, "malformed_json"
                ),
                (
                    "time not a number",
                    try await client.post(
                        "/v1/predict", headers: json,
                        body: ByteBuffer(string: #"{"pairs":[{"user":"u1","item":"i1","time":"yesterday"}]}"#)),
                    .badRequest, "bad_time"
                ),
                (
                    "time a list",
                    try await client.post(
                        "/v1/predict", headers: json,
                        body: ByteBuffer(string: #"{"pairs":[{"user":"u1","item":"i1"},{"user":"u","item":"i","time":[1]}]}"#)),
                    .badRequest, "bad_time"
                ),
                ("unknown route", try await client.get("/v2/nothing"), .notFound, "not_found"),
            ]
            for (name, response, status, code) in cases {
                #expect(response.status == status, "\(name)")
                #expect(response.headers[.contentType] == "application/json", "\(name)")
                let body = try? ServerHarness.json(ErrorBody.self, response)
                #expect(body?.error.code == code, "\(name)")
                #expect(body?.error.message.isEmpty == false, "\(name)")
            }
            #expect(try await client.get("/healthz").status == .ok, "the server still answers")
        }
    }
}
