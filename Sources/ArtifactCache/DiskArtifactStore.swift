import Crypto
import PipelineBasics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The content-addressed store in a cache folder (`.mass/` by default):
///
///     objects/ab/cdef…   framed artifacts, by node fingerprint (the frame names its key)
///     files/ab/cdef…     file outputs, by content hash (the name is the checksum)
///     logs/              per-node stdout and stderr
///     state/             records of running stages (for the next run, should this one die) and of past runs
///     stat-cache         content hashes of unchanged work-tree files
///     gc.lock            shared by runs, exclusive for garbage collection
///
/// Every write goes to a temporary file in the destination folder and is
/// renamed into place, so concurrent writers and readers never see a partial entry.
public final class DiskArtifactStore: ArtifactStore {
    public let root: String
    public let statCache: StatCache
    private let warn: CacheWarningHandler

    /// - Parameter statCache: the stat cache of this `root` when the caller read it
    ///   ahead (`readStatCache(root:)`); read here otherwise.
    public init(
        root: String, statCache: StatCache? = nil, onWarning: @escaping CacheWarningHandler = { _ in }
    ) throws(CacheError) {
        let root = Self.normalized(root)
        self.root = root
        self.warn = onWarning
        try PosixFile.makeDirectories(root + "/objects")
        try PosixFile.makeDirectories(root + "/files")
        self.statCache = statCache ?? Self.readStatCache(root: root)
    }

    /// The stat cache of the store at `root`, read without creating anything:
    /// a large one takes milliseconds to read, which a caller with other work
    /// to do spends on another thread.
    public static func readStatCache(root: String) -> StatCache {
        StatCache(path: normalized(root) + "/stat-cache")
    }

    private static func normalized(_ root: String) -> String {
        root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
    }

    public var logDirectory: String { root + "/logs" }

    public var stateDirectory: String? { root + "/state" }

    /// A shared lock on `gc.lock`: runs share it, garbage collection takes it exclusively.
    public func lockForUse() throws(CacheError) -> FileLock? {
        try FileLock(path: root + "/gc.lock", exclusive: false)
    }

    func lockForCollection() throws(CacheError) -> FileLock {
        try FileLock(path: root + "/gc.lock", exclusive: true)
    }

    public func read(_ key: String) -> [UInt8]? {
        guard ContentHash.isValid(key) else { return nil }
        let path = objectPath(key)
        let bytes: [UInt8]
        do {
            bytes = try PosixFile.readAll(path)
        } catch {
            if error.code != .missingFile { warn(.cacheWarning("cannot read cache entry: \(error)", path: path)) }
            return nil
        }
        switch EntryFormat.unframe(bytes, key: key) {
        case .success(let payload):
            return payload
        case .failure(let problem):
            warn(.cacheWarning("damaged cache entry ignored: \(problem)", path: path))
            // Leave nothing behind that a later read would trust; a rewrite replaces it anyway.
            PosixFile.remove(path)
            return nil
        }
    }

    public func contains(_ key: String) -> Bool {
        ContentHash.isValid(key) && PosixFile.exists(objectPath(key))
    }

    /// Keys sharing a prefix folder are answered from one listing of it when
    /// there are enough of them to pay for it; a folder much larger than the
    /// question (a cache shared by many pipelines) is not read through.
    public func containing(_ keys: [String]) -> Set<String> {
        var byPrefix: [Substring: [String]] = [:]
        for key in keys where ContentHash.isValid(key) { byPrefix[key.prefix(2), default: []].append(key) }
        let groups = Array(byPrefix)
        // The folders are asked on every core: most of the time is the kernel's.
        let present = mapInParts(groups.count, minimumPerPart: 1) { range in
            range.map { index in
                let (prefix, group) = groups[index]
                if group.count >= Self.listingThreshold,
                    let names = PosixFile.listDirectory("\(root)/objects/\(prefix)", limit: group.count * 16)
                {
                    return group.filter { names.contains(String($0.dropFirst(2))) }
                }
                return group.filter { PosixFile.exists(objectPath($0)) }
            }
        }
        return Set(present.joined())
    }

    /// Keys in one prefix folder from which a listing is cheaper than asking for each.
    static let listingThreshold = 8

    public func write(_ key: String, _ payload: [UInt8]) throws(CacheError) {
        guard ContentHash.isValid(key) else { throw CacheError(.io, "invalid cache key \(key)") }
        try PosixFile.writeAtomically(EntryFormat.frame(payload, key: key), to: objectPath(key))
    }

    /// The payload is read, checked and framed again under `key` (a frame names
    /// its key): a damaged entry is not passed on.
    public func alias(_ key: String, to existing: String) -> Bool {
        guard ContentHash.isValid(key), ContentHash.isValid(existing) else { return false }
        if key == existing || contains(key) { return contains(key) }
        guard let payload = read(existing) else { return false }
        return (try? write(key, payload)) != nil
    }

    public func storeFile(at path: String) throws(CacheError) -> String {
        let hash = try statCache.hash(ofFile: path)
        let destination = filePath(hash)
        if PosixFile.exists(destination) { return hash }
        let copied = try copy(from: path, toDirectoryOf: destination)
        guard copied.hash == hash else {
            PosixFile.remove(copied.temporary)
            throw CacheError(.io, "\(path) changed while it was being stored")
        }
        guard rename(copied.temporary, destination) == 0 else {
            PosixFile.remove(copied.temporary)
            throw .system("rename", path: destination)
        }
        return hash
    }

    public func containsFile(_ hash: String) -> Bool {
        ContentHash.isValid(hash) && PosixFile.exists(filePath(hash))
    }

    public func restoreFile(_ hash: String, to path: String) -> Bool {
        let source = filePath(hash)
        guard ContentHash.isValid(hash), PosixFile.exists(source) else { return false }
        do {
            let copied = try copy(from: source, toDirectoryOf: path)
            guard copied.hash == hash else {
                PosixFile.remove(copied.temporary)
                warn(.cacheWarning("damaged stored file ignored: checksum mismatch", path: source))
                PosixFile.remove(source)
                return false
            }
            guard rename(copied.temporary, path) == 0 else {
                PosixFile.remove(copied.temporary)
                return false
            }
            statCache.remember(hash: hash, ofFile: path)
            return true
        } catch {
            warn(.cacheWarning("cannot restore stored file: \(error)", path: source))
            return false
        }
    }

    public func hashFile(at path: String) throws(CacheError) -> String {
        try statCache.hash(ofFile: path)
    }

    /// Split in contiguous parts that run on the available cores, each with its own open directories.
    public func hashFiles(at paths: [String]) -> [Result<String, CacheError>] {
        mapInParts(paths.count) { range in statCache.hashes(ofFiles: Array(paths[range])) }
    }

    public func inventory() -> StoreInventory {
        StoreInventory(artifacts: sizes(under: root + "/objects"), files: sizes(under: root + "/files"))
    }

    public func remove(artifacts: [String], files: [String]) {
        for key in artifacts where ContentHash.isValid(key) { PosixFile.remove(objectPath(key)) }
        for hash in files where ContentHash.isValid(hash) { PosixFile.remove(filePath(hash)) }
    }

    public func flush() {
        try? statCache.save()
    }

    /// Temporary files under `objects/` and `files/` (only a crashed writer leaves them behind).
    func temporaryFiles() -> [(path: String, size: Int64)] {
        var found: [(path: String, size: Int64)] = []
        for area in ["objects", "files"] {
            for (folder, name, size) in regularFiles(under: root + "/" + area) where name.hasPrefix(".tmp-") {
                found.append((folder + "/" + name, size))
            }
        }
        return found
    }

    /// The regular files one level of prefix folders below `directory`, as
    /// (folder, name, size). Symbolic links are neither followed nor listed:
    /// whatever they point to is not the cache's, so garbage collection never
    /// leaves the cache folder through one.
    private func regularFiles(under directory: String) -> [(folder: String, name: String, size: Int64)] {
        guard PosixFile.entry(directory)?.kind == .directory else { return [] }
        var found: [(folder: String, name: String, size: Int64)] = []
        for prefix in PosixFile.listDirectory(directory) {
            let folder = directory + "/" + prefix
            guard PosixFile.entry(folder)?.kind == .directory else { continue }
            for name in PosixFile.listDirectory(folder) {
                guard let entry = PosixFile.entry(folder + "/" + name), entry.kind == .regularFile else { continue }
                found.append((folder, name, entry.size))
            }
        }
        return found
    }

    /// Where the artifact `key` is kept (for messages and tests).
    public func objectPath(_ key: String) -> String {
        "\(root)/objects/\(key.prefix(2))/\(key.dropFirst(2))"
    }

    /// Where the file with content hash `hash` is kept.
    public func filePath(_ hash: String) -> String {
        "\(root)/files/\(hash.prefix(2))/\(hash.dropFirst(2))"
    }

    private func sizes(under directory: String) -> [String: Int64] {
        var result: [String: Int64] = [:]
        for (folder, rest, size) in regularFiles(under: directory) where !rest.hasPrefix(".") {
            let prefix = folder.split(separator: "/").last.map(String.init) ?? ""
            let key = prefix + rest
            if prefix.utf8.count == 2, ContentHash.isValid(key) { result[key] = size }
        }
        return result
    }

    /// Copies `source` to a temporary file beside `destination`, hashing on the way.
    private func copy(from source: String, toDirectoryOf destination: String) throws(CacheError) -> (
        temporary: String, hash: String
    ) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .system("open", path: source) }
        defer { close(input) }
        let directory = PosixFile.parentDirectory(destination)
        try PosixFile.makeDirectories(directory)
        let (output, temporary) = try PosixFile.makeTemporary(in: directory)
        defer { close(output) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: PosixFile.bufferSize, alignment: 4096)
        defer { buffer.deallocate() }
        var hasher = SHA256()
        do throws(CacheError) {
            guard let base = buffer.baseAddress else { throw CacheError(.io, "no buffer") }
            while true {
                let count = PosixFile.readSome(input, base, buffer.count)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw CacheError.system("read", path: source)
                }
                if count == 0 { break }
                let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                hasher.update(bufferPointer: chunk)
                try PosixFile.writeAll(output, chunk, path: temporary)
            }
        } catch {
            PosixFile.remove(temporary)
            throw error
        }
        PosixFile.fchmodPath(temporary)
        return (temporary, ContentHash.hex(hasher.finalize()))
    }
}
