import Foundation

/// What one run did and how long each node took: kept under the cache's
/// `state/runs/`, one file per lock file (the last run), rather than in the
/// lock file, whose bytes must change only when results do.
///
///     mass-run 1
///     lock /work/pipelines/quickstart.lock
///     finished 1718031234
///     milliseconds 2301
///     node "fit svd @ fold 1" ran 812
///     node "load ratings" cached 0
public struct RunRecord: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var id: String
        /// `ran`, `cached`, `partial`, `failed`, `skipped` or `not-started`.
        public var outcome: String
        public var milliseconds: Int

        public init(id: String, outcome: String, milliseconds: Int) {
            self.id = id
            self.outcome = outcome
            self.milliseconds = milliseconds
        }
    }

    public var lockFile: String
    /// Seconds since 1970 when the run ended.
    public var finished: Int
    public var milliseconds: Int
    public var nodes: [Entry]

    public init(lockFile: String, finished: Int, milliseconds: Int, nodes: [Entry]) {
        self.lockFile = lockFile
        self.finished = finished
        self.milliseconds = milliseconds
        self.nodes = nodes.sorted { $0.id < $1.id }
    }

    /// Where the record of the runs of `lockFile` is kept under `stateDirectory`.
    public static func path(forLockFile lockFile: String, in stateDirectory: String) -> String {
        "\(stateDirectory)/runs/\(stateFileName(for: lockFile)).run"
    }

    /// A file name under the state folder for what belongs to `path`: its readable
    /// name, then a short hash of the whole path so that two folders never collide.
    public static func stateFileName(for path: String) -> String {
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let readable = String(
            name.unicodeScalars.map { Character($0.properties.isAlphabetic || ("0"..."9").contains($0) ? $0 : "_") })
        return "\(readable.prefix(60))-\(ContentHash.of(Array(path.utf8)).prefix(12))"
    }

    public func text() -> String {
        var lines = ["mass-run 1", "lock \(lockFile)", "finished \(finished)", "milliseconds \(milliseconds)"]
        for node in nodes { lines.append("node \(LockText.quote(node.id)) \(node.outcome) \(node.milliseconds)") }
        return lines.joined(separator: "\n") + "\n"
    }

    public func write(in stateDirectory: String) throws(CacheError) {
        try PosixFile.writeAtomically(Array(text().utf8), to: Self.path(forLockFile: lockFile, in: stateDirectory))
    }
}
