import Foundation
import Prometheus

/// The server's Prometheus metrics: requests, latencies, member scoring time, reloads, events.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    /// Routes that get their own label; anything else counts as `other`, so clients cannot grow the label set.
    static let routes: Set<String> = [
        "/v1/recommend", "/v1/predict", "/v1/model", "/v1/events", "/healthz", "/metrics",
    ]
    static let latencyBuckets: [Double] = [
        0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
    ]

    func route(_ path: String) -> String { Self.routes.contains(path) ? path : "other" }

    func request(route: String, status: Int, seconds: Double) {
        registry.makeCounter(
            name: "mass_http_requests_total", labels: [("route", route), ("status", String(status))],
            help: "HTTP requests by route and status."
        ).increment()
        registry.makeValueHistogram(
            name: "mass_http_request_duration_seconds", labels: [("route", route)], buckets: Self.latencyBuckets,
            help: "Time to answer a request, by route."
        ).record(seconds)
    }

    func memberScoring(_ members: [String], seconds: [Double]) {
        for (member, value) in zip(members, seconds) {
            registry.makeValueHistogram(
                name: "mass_member_scoring_seconds", labels: [("member", member)], buckets: Self.latencyBuckets,
                help: "Time each ensemble member spent scoring for one request."
            ).record(value)
        }
    }

    func reload(succeeded: Bool) {
        registry.makeCounter(
            name: "mass_model_reloads_total", labels: [("result", succeeded ? "ok" : "failed")],
            help: "Loads of a replaced model file, by result."
        ).increment()
    }

    func eventsLearned(_ count: Int) {
        registry.makeCounter(name: "mass_events_learned_total", help: "Rating events the served model learned from.")
            .increment(by: Int64(count))
    }

    func snapshot(succeeded: Bool) {
        registry.makeCounter(
            name: "mass_snapshots_total", labels: [("result", succeeded ? "ok" : "failed")],
            help: "Learned models written back to the model file, by result."
        ).increment()
    }

    public init() {}

    func text() -> String { registry.emitToString() }
}
