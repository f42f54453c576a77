import Foundation

/// An `ArtifactStore` held in memory, for tests. It writes nothing of its
/// own: stored bytes live in dictionaries, and the only paths it touches are
/// the caller's (the work-tree files it hashes and restores, `logDirectory`).
public final class InMemoryArtifactStore: ArtifactStore, @unchecked Sendable {
    private let lock = NSLock()
    private var artifacts: [String: [UInt8]] = [:]
    private var files: [String: [UInt8]] = [:]
    private let statCache = StatCache(path: nil)
    /// Where the executor puts per-node logs: a folder the caller owns and removes.
    public let logDirectory: String

    /// Nothing is kept between runs.
    public var stateDirectory: String? { nil }

    public init(logDirectory: String) {
        self.logDirectory = logDirectory
    }

    public func read(_ key: String) -> [UInt8]? { lock.withLock { artifacts[key] } }

    public func contains(_ key: String) -> Bool { lock.withLock { artifacts[key] != nil } }

    public func write(_ key: String, _ payload: [UInt8]) throws(CacheError) {
        lock.withLock { artifacts[key] = payload }
    }

    public func alias(_ key: String, to existing: String) -> Bool {
        lock.withLock {
            guard let payload = artifacts[existing] else { return false }
            artifacts[key] = payload
            return true
        }
    }

    public func storeFile(at path: String) throws(CacheError) -> String {
        let bytes = try PosixFile.readAll(path)
        let hash = ContentHash.of(bytes)
        lock.withLock { files[hash] = bytes }
        return hash
    }

    public func containsFile(_ hash: String) -> Bool { lock.withLock { files[hash] != nil } }

    public func restoreFile(_ hash: String, to path: String) -> Bool {
        guard let bytes = lock.withLock({ files[hash] }) else { return false }
        return (try? PosixFile.writeAtomically(bytes, to: path)) != nil
    }

    public func hashFile(at path: String) throws(CacheError) -> String {
        try statCache.hash(ofFile: path)
    }

    public func inventory() -> StoreInventory {
        lock.withLock {
            StoreInventory(
                artifacts: artifacts.mapValues { Int64($0.count) },
                files: files.mapValues { Int64($0.count) })
        }
    }

    public func remove(artifacts keys: [String], files hashes: [String]) {
        lock.withLock {
            for key in keys { artifacts[key] = nil }
            for hash in hashes { files[hash] = nil }
        }
    }

    public func flush() {}

    /// Nothing else can see this store, so nothing can collect it during a run.
    public func lockForUse() throws(CacheError) -> FileLock? { nil }

    /// Replaces a stored payload without any check, to simulate damage in tests.
    public func overwrite(_ key: String, with payload: [UInt8]) {
        lock.withLock { artifacts[key] = payload }
    }
}
