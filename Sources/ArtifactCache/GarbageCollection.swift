/// What garbage collection removed, or would remove in a dry run.
public struct GarbageReport: Sendable, Equatable {
    public var artifacts: [String]
    public var files: [String]
    public var bytes: Int64
    /// Partial writes left by processes that were killed (counted in `bytes`).
    public var temporaryFiles = 0

    public var count: Int { artifacts.count + files.count + temporaryFiles }
}

extension ArtifactStore {
    /// Drops every stored artifact and file that none of `locks` references.
    /// With `dryRun`, only reports what would go and how many bytes.
    public func collectGarbage(keeping locks: [LockFile], dryRun: Bool) -> GarbageReport {
        var liveArtifacts: Set<String> = []
        var liveFiles: Set<String> = []
        for lock in locks {
            for node in lock.nodes {
                liveArtifacts.insert(node.fingerprint)
                for (name, hash) in node.outputs where name != LockedNode.artifactOutput {
                    liveFiles.insert(hash)
                }
            }
        }
        let inventory = inventory()
        let deadArtifacts = inventory.artifacts.keys.filter { !liveArtifacts.contains($0) }.sorted()
        let deadFiles = inventory.files.keys.filter { !liveFiles.contains($0) }.sorted()
        let bytes =
            deadArtifacts.reduce(Int64(0)) { $0 + (inventory.artifacts[$1] ?? 0) }
            + deadFiles.reduce(Int64(0)) { $0 + (inventory.files[$1] ?? 0) }
        if !dryRun { remove(artifacts: deadArtifacts, files: deadFiles) }
        return GarbageReport(artifacts: deadArtifacts, files: deadFiles, bytes: bytes)
    }
}

extension DiskArtifactStore {
    /// Garbage collection that waits for running builds on this cache to finish
    /// (they hold the shared lock) and keeps new ones out while it deletes.
    public func collectGarbageExclusively(keeping locks: [LockFile], dryRun: Bool) throws(CacheError) -> GarbageReport {
        let held = try lockForCollection()
        defer { withExtendedLifetime(held) {} }
        var report = collectGarbage(keeping: locks, dryRun: dryRun)
        // Nothing else is writing now: temporary files are leftovers of killed processes.
        for leftover in temporaryFiles() {
            report.bytes += leftover.size
            report.temporaryFiles += 1
            if !dryRun { PosixFile.remove(leftover.path) }
        }
        return report
    }
}

extension LockedNode {
    /// The `outputs` key under which the hash of the node's stored artifact is recorded.
    public static let artifactOutput = "artifact"
}
