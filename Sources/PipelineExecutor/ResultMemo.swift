import Foundation

/// Results of the current run by fingerprint, shared by the tasks that run
/// nodes; entries are dropped once every dependant has used them.
final class ResultMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [String: StoredResult] = [:]

    subscript(fingerprint: String) -> StoredResult? {
        get { lock.withLock { results[fingerprint] } }
        set { lock.withLock { results[fingerprint] = newValue } }
    }
}

/// Collects the metrics an operation records while it runs.
final class MetricBox: @unchecked Sendable {
    private let lock = NSLock()
    private var metrics: [String: Double] = [:]

    func record(_ name: String, _ value: Double) {
        lock.withLock { metrics[name] = value }
    }

    var values: [String: Double] { lock.withLock { metrics } }
}

/// Stored results computed again, by node index, from any task.
final class RecomputedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Int: StoredResult] = [:]

    func record(_ index: Int, _ result: StoredResult) {
        lock.withLock { results[index] = result }
    }

    var all: [(index: Int, result: StoredResult)] {
        lock.withLock { results.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
    }
}
