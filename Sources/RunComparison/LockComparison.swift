import ArtifactCache
import PipelineSpec

/// What changed between two runs of a pipeline, read from their lock files:
/// the final metrics, the configuration of the nodes, and which nodes changed.
public struct LockComparison: Sendable, Equatable, Codable {
    /// One metric of one model (`combined` for the combination).
    public struct MetricChange: Sendable, Equatable, Codable {
        public var model: String
        public var metric: String
        public var base: Double?
        public var head: Double?
        /// `head − base`, when both exist.
        public var change: Double?
        /// `better`, `worse`, `same`, `new`, `removed`, or `changed` when the metric's direction is unknown.
        public var verdict: String
    }

    /// One configuration key that changed the same way in one or more nodes.
    public struct ConfigurationChange: Sendable, Equatable, Codable {
        public var key: String
        public var base: String?
        public var head: String?
        public var nodes: [String]
    }

    public var metrics: [MetricChange]
    public var configuration: [ConfigurationChange]
    /// Nodes whose fingerprint changed (they ran again), were added or were removed.
    public var changedNodes: [String]
    public var addedNodes: [String]
    public var removedNodes: [String]

    public init(base: LockFile, head: LockFile) {
        metrics = Self.metricChanges(base: Self.finalMetrics(base), head: Self.finalMetrics(head))
        var changes: [String: ConfigurationChange] = [:]
        var changed: [String] = [], added: [String] = [], removed: [String] = []
        for node in head.nodes {
            guard let old = base.node(node.id) else {
                added.append(node.id)
                continue
            }
            if old.fingerprint != node.fingerprint { changed.append(node.id) }
            for key in Set(old.configuration.keys).union(node.configuration.keys).sorted()
            where old.configuration[key] != node.configuration[key] {
                let before = old.configuration[key], after = node.configuration[key]
                let identity = "\(key)\u{0}\(before ?? "\u{1}")\u{0}\(after ?? "\u{1}")"
                changes[identity, default: ConfigurationChange(key: key, base: before, head: after, nodes: [])].nodes.append(
                    node.id)
            }
        }
        for node in base.nodes where head.node(node.id) == nil { removed.append(node.id) }
        configuration = changes.values.sorted { ($0.key, $0.base ?? "", $0.head ?? "") < ($1.key, $1.base ?? "", $1.head ?? "") }
        changedNodes = changed
        addedNodes = added
        removedNodes = removed
    }

    /// The final metrics (`model.metric` → mean over folds) a lock file records.
    public static func finalMetrics(_ lock: LockFile) -> [String: Double] {
        var metrics: [String: Double] = [:]
        for node in lock.nodes {
            for (name, value) in node.metrics where !name.contains("#") { metrics[name] = value }
        }
        return metrics
    }

    /// Each fold's value of every final metric (`model.metric#fold`), folds in order.
    public static func foldMetrics(_ lock: LockFile) -> [String: [Double]] {
        var folds: [String: [(Int, Double)]] = [:]
        for node in lock.nodes {
            for (name, value) in node.metrics {
                let parts = name.split(separator: "#", maxSplits: 1)
                guard parts.count == 2, let fold = Int(parts[1]) else { continue }
                folds[String(parts[0]), default: []].append((fold, value))
            }
        }
        return folds.mapValues { $0.sorted { $0.0 < $1.0 }.map(\.1) }
    }

    static func metricChanges(base: [String: Double], head: [String: Double]) -> [MetricChange] {
        Set(base.keys).union(head.keys).sorted().map { name in
            let (model, metric) = split(name)
            let before = base[name], after = head[name]
            return MetricChange(
                model: model, metric: metric, base: before, head: after,
                change: before.flatMap { base in after.map { $0 - base } }, verdict: verdict(metric, before, after))
        }
    }

    /// `svd.ndcg@10` as (`svd`, `ndcg@10`): model names hold no dot.
    static func split(_ name: String) -> (model: String, metric: String) {
        guard let dot = name.firstIndex(of: ".") else { return (name, "") }
        return (String(name[..<dot]), String(name[name.index(after: dot)...]))
    }

    static func verdict(_ metric: String, _ base: Double?, _ head: Double?) -> String {
        guard let base else { return "new" }
        guard let head else { return "removed" }
        if base == head { return "same" }
        guard let name = MetricName(parsing: metric) else { return "changed" }
        return (head < base) == name.lowerIsBetter ? "better" : "worse"
    }
}
