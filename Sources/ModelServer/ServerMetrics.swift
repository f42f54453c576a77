import Foundation
import Prometheus
import Synchronization

/// The server's Prometheus metrics: requests, latencies, member scoring time, reloads, events.
///
/// Each request records a counter and a few histograms: they are looked up
/// in the registry once (which checks names, labels and help text each time)
/// and kept by their labels.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    /// Routes that get their own label; anything else counts as `other`, so clients cannot grow the label set.
    static let routes: Set<String> = [
        "/v1/recommend", "/v1/predict", "/v1/model", "/v1/events", "/healthz", "/metrics",
    ]
    static let latencyBuckets: [Double] = [
        0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
    ]

    // The descriptors are not Sendable: made when needed, not kept.
    private static var requests: MetricNameDescriptor {
        descriptor("http", "requests", unit: "total", help: "HTTP requests by route and status.")
    }
    private static var requestDuration: MetricNameDescriptor {
        descriptor("http", "request_duration", unit: "seconds", help: "Time to answer a request, by route.")
    }
    private static var memberScoringTime: MetricNameDescriptor {
        descriptor(
            "member", "scoring", unit: "seconds", help: "Time each ensemble member spent scoring for one request.")
    }
    private static var reloads: MetricNameDescriptor {
        descriptor("model", "reloads", unit: "total", help: "Loads of a replaced model file, by result.")
    }
    private static var learnedEvents: MetricNameDescriptor {
        descriptor("events", "learned", unit: "total", help: "Rating events the served model learned from.")
    }
    private static var snapshots: MetricNameDescriptor {
        descriptor(nil, "snapshots", unit: "total", help: "Learned models written back to the model file, by result.")
    }

    /// `mass_SUBSYSTEM_NAME_UNIT`.
    private static func descriptor(_ subsystem: String?, _ name: String, unit: String, help: String)
        -> MetricNameDescriptor
    {
        MetricNameDescriptor(namespace: "mass", subsystem: subsystem, metricName: name, unitName: unit, helpText: help)
    }

    /// The collectors made so far, by their labels.
    private struct Made {
        var requestCounters: [RequestLabels: Counter] = [:]
        var requestHistograms: [String: ValueHistogram] = [:]
        var memberHistograms: [String: ValueHistogram] = [:]
    }
    private struct RequestLabels: Hashable {
        var route: String
        var status: Int
    }
    private let made = Mutex(Made())

    func route(_ path: String) -> String { Self.routes.contains(path) ? path : "other" }

    func request(route: String, status: Int, seconds: Double) {
        let (counter, histogram) = made.withLock { made in
            (
                Self.kept(&made.requestCounters, RequestLabels(route: route, status: status)) {
                    registry.makeCounter(descriptor: Self.requests, labels: [("route", route), ("status", String(status))])
                },
                Self.kept(&made.requestHistograms, route) {
                    registry.makeValueHistogram(
                        descriptor: Self.requestDuration, labels: [("route", route)], buckets: Self.latencyBuckets)
                }
            )
        }
        counter.increment()
        histogram.record(seconds)
    }

    func memberScoring(_ members: [String], seconds: [Double]) {
        let histograms = made.withLock { made in
            members.map { member in
                Self.kept(&made.memberHistograms, member) {
                    registry.makeValueHistogram(
                        descriptor: Self.memberScoringTime, labels: [("member", member)], buckets: Self.latencyBuckets)
                }
            }
        }
        for (histogram, value) in zip(histograms, seconds) { histogram.record(value) }
    }

    /// The collector kept under `key`, made and kept the first time.
    private static func kept<Key: Hashable, Collector>(
        _ collectors: inout [Key: Collector], _ key: Key, make: () -> Collector
    ) -> Collector {
        if let collector = collectors[key] { return collector }
        let collector = make()
        collectors[key] = collector
        return collector
    }

    func reload(succeeded: Bool) {
        registry.makeCounter(descriptor: Self.reloads, labels: [("result", succeeded ? "ok" : "failed")]).increment()
    }

    func eventsLearned(_ count: Int) {
        registry.makeCounter(descriptor: Self.learnedEvents).increment(by: Int64(count))
    }

    func snapshot(succeeded: Bool) {
        registry.makeCounter(descriptor: Self.snapshots, labels: [("result", succeeded ? "ok" : "failed")]).increment()
    }

    public init() {}

    func text() -> String { registry.emitToString() }
}
