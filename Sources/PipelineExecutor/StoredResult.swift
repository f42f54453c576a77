import ArtifactCache
import PipelineGraph

/// What the store keeps under a node's fingerprint: the artifact and what
/// the lock file needs when the result is reused (file output hashes, metrics,
/// how long it took to compute).
struct StoredResult: Sendable {
    var artifact: Artifact
    /// Output file path → content hash.
    var files: [String: String]
    /// The bytes of outputs up to `inlineLimit`, kept in the entry rather than as separate stored files.
    var inlineFiles: [String: [UInt8]]
    var metrics: [String: Double]
    var milliseconds: Int

    /// Outputs up to this size are stored inline.
    static let inlineLimit = 64 << 10

    func encoded() -> [UInt8] {
        Artifact.record([
            "artifact": artifact,
            "files": .record(files.mapValues { .string($0) }),
            "inline-files": .record(inlineFiles.mapValues { .bytes($0) }),
            "metrics": .record(metrics.mapValues { .double($0) }),
            "milliseconds": .int(Int64(milliseconds)),
        ]).encoded()
    }

    init(
        artifact: Artifact, files: [String: String], inlineFiles: [String: [UInt8]] = [:], metrics: [String: Double],
        milliseconds: Int
    ) {
        self.artifact = artifact
        self.files = files
        self.inlineFiles = inlineFiles
        self.metrics = metrics
        self.milliseconds = milliseconds
    }

    /// `nil` when the bytes are not a stored result (a damaged or foreign entry).
    init?(decoding bytes: [UInt8]) {
        guard let record = try? Artifact(decoding: bytes),
            let artifact = record[field: "artifact"],
            case .record(let files)? = record[field: "files"],
            case .record(let inlineFiles)? = record[field: "inline-files"],
            case .record(let metrics)? = record[field: "metrics"],
            case .int(let milliseconds)? = record[field: "milliseconds"]
        else { return nil }
        self.artifact = artifact
        self.files = files.compactMapValues(\.stringValue)
        self.inlineFiles = inlineFiles.compactMapValues { value in
            if case .bytes(let bytes) = value { return bytes }
            return nil
        }
        self.metrics = metrics.compactMapValues(\.doubleValue)
        self.milliseconds = Int(milliseconds)
    }

    /// The hash of the artifact's bytes, recorded in the lock file.
    var artifactHash: String { ContentHash.of(artifact.encoded()) }
}
