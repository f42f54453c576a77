import Foundation
import Hummingbird

/// An error answered as `{"error": {"code": ..., "message": ...}}` with its HTTP status.
struct APIError: Error, HTTPResponseError {
    let status: HTTPResponse.Status
    let code: String
    let message: String

    static func badRequest(_ message: String, code: String = "bad_request") -> APIError {
        APIError(status: .badRequest, code: code, message: message)
    }

    private struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
        }
        var error: Detail
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONBody.response(Body(error: .init(code: code, message: message)), status: status)
    }
}

/// Turns every error, including the router's 404 and a body past the limit, into a JSON error,
/// and counts every request with its status and time.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let started = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            response = try error.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            response = try Self.translate(error.status).response(from: request, context: context)
        } catch {
            response = try APIError(status: .internalServerError, code: "internal", message: "\(error)")
                .response(from: request, context: context)
        }
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        metrics.request(route: metrics.route(request.uri.path), status: response.status.code, seconds: seconds)
        return response
    }

    private static func translate(_ status: HTTPResponse.Status) -> APIError {
        switch status {
        case .notFound: APIError(status: status, code: "not_found", message: "no such route")
        case .contentTooLarge: APIError(status: status, code: "too_large", message: "the request body is too large")
        case .methodNotAllowed: APIError(status: status, code: "method_not_allowed", message: "method not allowed")
        default: APIError(status: status, code: "http_\(status.code)", message: status.reasonPhrase)
        }
    }
}

/// JSON in and out of request and response bodies.
enum JSONBody {
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Scores are finite; a non-finite one would be a bug, answered as null rather than as a failed encode.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// JSON text written already (`JSONText`).
    static func response(json text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// Reads the body up to the limit and decodes it; malformed JSON is a 400.
    static func decode<T: Decodable>(_ type: T.Type, from request: inout Request, limit: Int) async throws -> T {
        let buffer = try await request.collectBody(upTo: limit)
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw APIError.badRequest("malformed JSON body: \(describe(error))", code: "malformed_json")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context): context.debugDescription
        case .keyNotFound(let key, _): "missing key \"\(key.stringValue)\""
        case .typeMismatch(let type, let context):
            "expected \(type) at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case .valueNotFound(let type, let context):
            "missing \(type) at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        @unknown default: "\(error)"
        }
    }
}
