import Foundation
import Hummingbird
import MLModels

extension ModelServer {
    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in JSONBody.response(APIMessages.Health(status: "ok")) }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.text())))
        }
        router.get("/v1/model") { _, _ in JSONBody.response(describe(holder.current)) }
        router.get("/v1/recommend") { request, _ in try recommend(request) }
        router.post("/v1/predict") { request, _ in
            var request = request
            return try await predict(&request)
        }
        router.post("/v1/events") { request, _ in
            var request = request
            return try await events(&request)
        }
    }

    private func recommend(_ request: Request) throws -> Response {
        let query = request.uri.queryParameters
        guard let user = query.get("user"), !user.isEmpty else {
            throw APIError.badRequest("give the user: /v1/recommend?user=ID&n=10", code: "missing_user")
        }
        var count = 10
        if let text = query.get("n") {
            guard let value = Int(text), value >= 1, value <= configuration.limits.maxCount else {
                throw APIError.badRequest(
                    "n must be a whole number from 1 to \(configuration.limits.maxCount), got \(text)", code: "bad_n")
            }
            count = value
        }
        let model = holder.current
        let answer = model.ensemble.recommend(user: user, count: count)
        metrics.memberScoring(model.ensemble.members.map(\.name), seconds: answer.memberSeconds)
        let message = APIMessages.Recommendation(
            user: user, known: answer.knownUser,
            items: answer.items.map { APIMessages.ScoredItem(item: $0.id, score: $0.score) })
        return JSONBody.response(json: message.jsonText)
    }

    private func predict(_ request: inout Request) async throws -> Response {
        let body = try await JSONBody.decode(
            APIMessages.PredictRequest.self, from: &request, limit: configuration.limits.maxBodyBytes)
        guard body.pairs.count <= configuration.limits.maxPairs else {
            throw APIError(
                status: .contentTooLarge, code: "too_many_pairs",
                message: "at most \(configuration.limits.maxPairs) pairs per request, got \(body.pairs.count)")
        }
        let times = try body.pairs.enumerated().map { index, pair -> Double? in
            switch pair.time {
            case nil: return nil
            case .seconds(let seconds): return seconds
            case .malformed(let found):
                throw APIError.badRequest(
                    "pair \(index): time must be a number of seconds since 1970, got \(found)", code: "bad_time")
            }
        }
        let model = holder.current
        let answer = model.ensemble.predict(users: body.pairs.map(\.user), items: body.pairs.map(\.item), at: times)
        metrics.memberScoring(model.ensemble.members.map(\.name), seconds: answer.memberSeconds)
        let predictions = body.pairs.indices.map { index in
            APIMessages.Prediction(
                user: body.pairs[index].user, item: body.pairs[index].item, score: answer.values[index],
                knownUser: answer.knownUsers[index], knownItem: answer.knownItems[index])
        }
        return JSONBody.response(APIMessages.PredictResponse(predictions: predictions))
    }

    private func events(_ request: inout Request) async throws -> Response {
        let body = try await JSONBody.decode(
            APIMessages.Events.self, from: &request, limit: configuration.limits.maxBodyBytes)
        let list = body.list
        guard list.count <= configuration.limits.maxPairs else {
            throw APIError(
                status: .contentTooLarge, code: "too_many_events",
                message: "at most \(configuration.limits.maxPairs) events per request, got \(list.count)")
        }
        let scale = holder.current.ensemble.scale
        for (index, event) in list.enumerated() {
            guard !event.user.isEmpty, !event.item.isEmpty else {
                throw APIError.badRequest("event \(index): user and item must not be empty", code: "bad_event")
            }
            guard event.rating.isFinite, scale.contains(event.rating) else {
                throw APIError.badRequest(
                    "event \(index): rating \(event.rating) is outside the model's scale "
                        + "\(scale.lowerBound)...\(scale.upperBound)",
                    code: "bad_rating")
            }
        }
        updater.submit(list.map { EnsembleEvent(user: $0.user, item: $0.item, rating: $0.rating) })
        return JSONBody.response(APIMessages.EventsAccepted(accepted: list.count), status: .accepted)
    }

    private func describe(_ model: ServedModel) -> APIMessages.ModelDescription {
        let ensemble = model.ensemble
        return APIMessages.ModelDescription(
            path: configuration.modelPath, pipeline: model.provenance.pipeline, target: model.provenance.target,
            combiner: ensemble.combiner.name, members: ensemble.members.map(\.name),
            learningMembers: EnsembleLearning(ensemble).learningMembers, users: ensemble.identifiers.users.count,
            items: ensemble.identifiers.items.count, scale: [ensemble.scale.lowerBound, ensemble.scale.upperBound],
            metrics: Dictionary(model.provenance.metrics.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }),
            dataFingerprint: model.provenance.dataFingerprint,
            loadedAt: ISO8601DateFormatter().string(from: model.loadedAt), loads: model.loadNumber,
            eventsLearned: model.eventsLearned, eventsPending: updater.pending)
    }
}
