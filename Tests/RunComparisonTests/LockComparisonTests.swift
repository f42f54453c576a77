import ArtifactCache
import Testing

@testable import RunComparison

@Suite struct LockComparisonTests {
    static func lock(factors: String, metrics: [String: Double], extra: String? = nil) -> LockFile {
        var nodes = [
            LockedNode(
                id: "fit svd @ fold 1", fingerprint: "f" + factors, operation: "fit-mf", version: 2,
                configuration: ["models.svd.factors": factors, "fold": "1"]),
            LockedNode(
                id: "fit svd @ fold 2", fingerprint: "g" + factors, operation: "fit-mf", version: 2,
                configuration: ["models.svd.factors": factors, "fold": "2"]),
            LockedNode(id: "summarize", fingerprint: "s" + factors, operation: "summarize", version: 5, metrics: metrics),
        ]
        if let extra { nodes.append(LockedNode(id: extra, fingerprint: "x", operation: "fit-knn", version: 1)) }
        return LockFile(nodes: nodes)
    }

    @Test func metricsAreMarkedByTheirDirectionAndNewOrRemovedOnesNamed() {
        let base = Self.lock(
            factors: "32",
            metrics: ["svd.rmse": 0.90, "svd.ndcg@10": 0.80, "svd.mae": 0.7, "old.rmse": 1.0, "svd.rmse#1": 0.89])
        let head = Self.lock(factors: "8", metrics: ["svd.rmse": 0.92, "svd.ndcg@10": 0.82, "svd.mae": 0.7, "knn.rmse": 0.95])
        let comparison = LockComparison(base: base, head: head)
        let verdicts = Dictionary(uniqueKeysWithValues: comparison.metrics.map { ("\($0.model).\($0.metric)", $0.verdict) })
        #expect(
            verdicts == [
                "svd.rmse": "worse", "svd.ndcg@10": "better", "svd.mae": "same", "old.rmse": "removed", "knn.rmse": "new",
            ])
        #expect(
            comparison.metrics.first { $0.metric == "rmse" && $0.model == "svd" }.flatMap(\.change).map { abs($0 - 0.02) < 1e-12 }
                == true)
    }

    @Test func configurationChangesAreGroupedAcrossNodes() {
        let comparison = LockComparison(
            base: Self.lock(factors: "32", metrics: [:]), head: Self.lock(factors: "8", metrics: [:], extra: "fit knn @ fold 1"))
        #expect(comparison.configuration.count == 1)
        let change = comparison.configuration[0]
        #expect(change.key == "models.svd.factors" && change.base == "32" && change.head == "8")
        #expect(change.nodes == ["fit svd @ fold 1", "fit svd @ fold 2"])
        #expect(comparison.addedNodes == ["fit knn @ fold 1"] && comparison.removedNodes.isEmpty)
        #expect(Set(comparison.changedNodes) == ["fit svd @ fold 1", "fit svd @ fold 2", "summarize"])
        let markdown = comparison.markdown(pipeline: "p", base: "main", head: "working tree")
        #expect(markdown.contains("- models.svd.factors: 32 → 8 (2 nodes: fit svd @ fold 1, fit svd @ fold 2)"))
    }

    @Test func foldMetricsAreReadInFoldOrder() {
        let lock = Self.lock(factors: "1", metrics: ["svd.rmse#2": 2, "svd.rmse#10": 10, "svd.rmse#1": 1, "svd.rmse": 4])
        #expect(LockComparison.foldMetrics(lock) == ["svd.rmse": [1, 2, 10]])
        #expect(LockComparison.finalMetrics(lock) == ["svd.rmse": 4])
    }
}
