import PipelineBasics

/// Where artifacts and file outputs are kept, by key. The executor sees the
/// cache only through this protocol; `DiskArtifactStore` is the real one and
/// `InMemoryArtifactStore` serves tests.
///
/// Keys are 64-digit hex strings: node fingerprints for artifacts, content
/// hashes for files. A damaged entry is reported to the store's warning
/// handler and read as a miss.
public protocol ArtifactStore: Sendable {
    /// The payload stored under `key`, or `nil` on a miss (absent or damaged).
    func read(_ key: String) -> [UInt8]?
    /// Whether an entry exists; it is verified only when read.
    func contains(_ key: String) -> Bool
    /// The ones of `keys` that `contains` would say exist, asked at once
    /// (planning asks about every node of a graph).
    func containing(_ keys: [String]) -> Set<String>
    /// Stores `payload` under `key`, replacing any entry atomically.
    func write(_ key: String, _ payload: [UInt8]) throws(CacheError)
    /// Makes the entry stored under `existing` readable under `key` too (a
    /// result that holds for a new fingerprint); `false` when there is no such entry.
    func alias(_ key: String, to existing: String) -> Bool
    /// Copies the file at `path` into the store; returns its content hash.
    func storeFile(at path: String) throws(CacheError) -> String
    /// Whether the file with this content hash is stored.
    func containsFile(_ hash: String) -> Bool
    /// Writes the stored file `hash` to `path` atomically; `false` (with a
    /// warning) when it is missing or damaged.
    func restoreFile(_ hash: String, to path: String) -> Bool
    /// The content hash of a file in the work tree, remembered while it is unchanged.
    func hashFile(at path: String) throws(CacheError) -> String
    /// What `hashFile(at:)` gives for each of `paths`, asked at once (planning
    /// looks at every recorded output of a graph).
    func hashFiles(at paths: [String]) -> [Result<String, CacheError>]
    /// Every artifact key and file hash held, with sizes in bytes.
    func inventory() -> StoreInventory
    /// Removes the given artifacts and files.
    func remove(artifacts: [String], files: [String])
    /// Persists what the store keeps in memory between runs (the stat cache).
    func flush()
    /// The folder under which the executor makes per-node log folders.
    var logDirectory: String { get }
    /// A folder for what runs leave for the next run (the records of running
    /// stages, run records); `nil` when the store keeps nothing between runs.
    var stateDirectory: String? { get }
    /// Holds the store against garbage collection while a run uses it, until
    /// the returned lock is released; `nil` when nothing can collect it.
    func lockForUse() throws(CacheError) -> FileLock?
}

extension ArtifactStore {
    public func containing(_ keys: [String]) -> Set<String> { Set(keys.filter(contains)) }

    public func hashFiles(at paths: [String]) -> [Result<String, CacheError>] {
        paths.map { path in Result { () throws(CacheError) in try hashFile(at: path) } }
    }
}

public struct StoreInventory: Sendable, Equatable {
    public var artifacts: [String: Int64]
    public var files: [String: Int64]

    public init(artifacts: [String: Int64] = [:], files: [String: Int64] = [:]) {
        self.artifacts = artifacts
        self.files = files
    }
}

/// Receives the cache's warnings (damaged entries); the CLI renders them.
public typealias CacheWarningHandler = @Sendable (Diagnostic) -> Void

extension Diagnostic {
    static func cacheWarning(_ message: String, path: String) -> Diagnostic {
        .warning(.cacheEntryDamaged, message, at: SourcePosition(file: path, line: 0, column: 0))
    }
}
