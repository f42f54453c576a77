import ArtifactCache
import PipelineGraph

/// What the store keeps under a node's fingerprint: the artifact and what
/// the lock file needs when the result is reused (file output hashes, metrics,
/// how long it took to compute).
struct StoredResult: Sendable {
    var artifact: Artifact
    /// Output file path → content hash.
    var files: [String: String]
    var metrics: [String: Double]
    var milliseconds: Int

    func encoded() -> [UInt8] {
        Artifact.record([
            "artifact": artifact,
            "files": .record(files.mapValues { .string($0) }),
            "metrics": .record(metrics.mapValues { .double($0) }),
            "milliseconds": .int(Int64(milliseconds)),
        ]).encoded()
    }

    init(artifact: Artifact, files: [String: String], metrics: [String: Double], milliseconds: Int) {
        self.artifact = artifact
        self.files = files
        self.metrics = metrics
        self.milliseconds = milliseconds
    }

    /// `nil` when the bytes are not a stored result (a damaged or foreign entry).
    init?(decoding bytes: [UInt8]) {
        guard let record = try? Artifact(decoding: bytes),
              let artifact = record[field: "artifact"],
              case .record(let files)? = record[field: "files"],
              case .record(let metrics)? = record[field: "metrics"],
              case .int(let milliseconds)? = record[field: "milliseconds"] else { return nil }
        self.artifact = artifact
        self.files = files.compactMapValues(\.stringValue)
        self.metrics = metrics.compactMapValues(\.doubleValue)
        self.milliseconds = Int(milliseconds)
    }

    /// The hash of the artifact's bytes, recorded in the lock file.
    var artifactHash: String { ContentHash.of(artifact.encoded()) }
}
