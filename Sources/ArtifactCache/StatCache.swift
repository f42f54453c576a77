import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Remembers the content hash of files by (path, size, mtime in ns, inode),
/// so that an unchanged file is not read again. Persisted as a small text file
/// in the cache folder, shared by the processes that use the cache.
public final class StatCache: @unchecked Sendable {
    struct Entry: Equatable {
        var size: Int64
        var modificationNanoseconds: Int64
        var inode: UInt64
        var hash: String
    }

    /// Where the entries are persisted; `nil` keeps them in memory only.
    public let path: String?
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var changed = false

    public init(path: String?) {
        self.path = path
        if let path { entries = Self.load(path) }
    }

    /// The content hash of the file at `path`, from the cache when its size,
    /// modification time and inode are unchanged, otherwise by reading it.
    ///
    /// A directory's hash covers the relative paths and content hashes of all
    /// files below it, so that a folder of data can be a dependency.
    public func hash(ofFile path: String) throws(CacheError) -> String {
        try hash(ofFile: path, in: nil)
    }

    /// The hashes of many files, each as `hash(ofFile:)` gives it, looked up
    /// from their directories, which stay open for the batch (a plan looks at
    /// thousands of outputs in one folder).
    public func hashes(ofFiles paths: [String]) -> [Result<String, CacheError>] {
        let directories = OpenDirectories()
        return paths.map { path in Result { () throws(CacheError) in try hash(ofFile: path, in: directories) } }
    }

    private func hash(ofFile path: String, in directories: OpenDirectories?) throws(CacheError) -> String {
        let key = Self.absolute(path)
        let found = if let directories { directories.status(key) } else { PosixFile.status(key) }
        guard let status = found else {
            throw CacheError(.missingFile, "\(path) does not exist")
        }
        if status.isDirectory { return try hash(ofDirectory: key) }
        if let known = lock.withLock({ entries[key] }),
            known.size == status.size, known.modificationNanoseconds == status.modificationNanoseconds,
            known.inode == status.inode
        {
            return known.hash
        }
        let startedNanoseconds = Self.nowNanoseconds()
        let hash = try ContentHash.ofFile(at: key)
        // A file that changed while it was read would be remembered under the wrong hash.
        guard let after = PosixFile.status(key), after.size == status.size,
            after.modificationNanoseconds == status.modificationNanoseconds
        else {
            return hash
        }
        // File times advance in clock ticks of a few milliseconds: a file modified
        // this recently could change again without its mtime moving, so it is
        // hashed again next time rather than trusted ("racily clean" in git's terms).
        if startedNanoseconds - status.modificationNanoseconds < Self.racyWindowNanoseconds { return hash }
        remember(
            key,
            Entry(size: status.size, modificationNanoseconds: status.modificationNanoseconds, inode: status.inode, hash: hash))
        return hash
    }

    private func hash(ofDirectory directory: String) throws(CacheError) -> String {
        var listing = "mass-directory 1\n"
        for name in PosixFile.listDirectory(directory) {
            let child = directory + "/" + name
            // Each line names one entry; a sub-folder's line carries its own listing's hash.
            listing += "\(try hash(ofFile: child)) \(name)\n"
        }
        return ContentHash.of(Array(listing.utf8))
    }

    /// Records a hash the caller computed itself (a file the cache just wrote).
    public func remember(hash: String, ofFile path: String) {
        let key = Self.absolute(path)
        guard let status = PosixFile.status(key) else { return }
        remember(
            key,
            Entry(size: status.size, modificationNanoseconds: status.modificationNanoseconds, inode: status.inode, hash: hash))
    }

    private func remember(_ key: String, _ entry: Entry) {
        lock.withLock {
            if entries[key] != entry {
                entries[key] = entry
                changed = true
            }
        }
    }

    /// Writes new entries to disk, merged with what other processes saved meanwhile.
    public func save() throws(CacheError) {
        guard let path else { return }
        let snapshot: [String: Entry]? = lock.withLock {
            guard changed else { return nil }
            changed = false
            return entries
        }
        guard let snapshot else { return }
        try FileLock.withExclusive(path + ".lock") { () throws(CacheError) in
            var merged = Self.load(path)
            merged.merge(snapshot) { _, mine in mine }
            try PosixFile.writeAtomically(Self.encode(merged), to: path)
        }
    }

    // One line per file: size, mtime, inode, hash, then the path (which may hold spaces);
    // last, the SHA-256 of everything above it. A file that fails it is not trusted at all
    // (every file is then read again): a wrong hash here would be a wrong fingerprint.
    private static let header = "mass-stat-cache 2\n"
    private static let checksumPrefix = "checksum "

    private static func encode(_ entries: [String: Entry]) -> [UInt8] {
        var text = header
        for (path, entry) in entries.sorted(by: { $0.key < $1.key }) where !path.contains("\n") {
            text += "\(entry.size) \(entry.modificationNanoseconds) \(entry.inode) \(entry.hash) \(path)\n"
        }
        var bytes = Array(text.utf8)
        bytes += Array((checksumPrefix + ContentHash.of(bytes) + "\n").utf8)
        return bytes
    }

    private static func load(_ path: String) -> [String: Entry] {
        guard let bytes = try? PosixFile.readAll(path), bytes.starts(with: Array(header.utf8)) else { return [:] }
        // The checksum line is the last: "checksum " + 64 digits + "\n".
        let trailer = checksumPrefix.utf8.count + 65
        guard bytes.count >= header.utf8.count + trailer else { return [:] }
        let body = Array(bytes[..<(bytes.count - trailer)])
        guard bytes[(bytes.count - trailer)...].elementsEqual(Array((checksumPrefix + ContentHash.of(body) + "\n").utf8)) else {
            return [:]
        }
        var entries: [String: Entry] = [:]
        entries.reserveCapacity(body.count / 120)
        // Fields are ASCII but for the path: split the bytes, and make a string of the path alone.
        for line in body.split(separator: UInt8(ascii: "\n")).dropFirst() {
            let fields = line.split(separator: UInt8(ascii: " "), maxSplits: 4, omittingEmptySubsequences: false)
            guard fields.count == 5, let size = Int64(ascii: fields[0]), let mtime = Int64(ascii: fields[1]),
                let inode = UInt64(ascii: fields[2])
            else { continue }
            let hash = String(decoding: fields[3], as: UTF8.self)
            guard ContentHash.isValid(hash) else { continue }
            entries[String(decoding: fields[4], as: UTF8.self)] = Entry(
                size: size, modificationNanoseconds: mtime, inode: inode, hash: hash)
        }
        return entries
    }

    static let racyWindowNanoseconds: Int64 = 100_000_000

    static func nowNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return FileManager.default.currentDirectoryPath + "/" + path
    }
}

extension FixedWidthInteger {
    /// A decimal number written in ASCII (an optional "-", then digits); `nil` for anything else or on overflow.
    fileprivate init?(ascii digits: ArraySlice<UInt8>) {
        var rest = digits[...]
        let negative = rest.first == UInt8(ascii: "-")
        if negative { rest = rest.dropFirst() }
        guard !rest.isEmpty else { return nil }
        var value: Self = 0
        for byte in rest {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let digit = Self(byte - UInt8(ascii: "0"))
            let (next, overflow2) =
                negative ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { return nil }
            value = next
        }
        self = value
    }
}
