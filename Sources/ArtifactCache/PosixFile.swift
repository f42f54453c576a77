#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Thin wrappers over POSIX file calls: the cache reads and writes large files
/// and wants explicit control of buffers, renames and errors.
enum PosixFile {
    /// Size of one read or write; large reads keep hashing near memory speed.
    static let bufferSize = 8 << 20

    struct Status {
        var size: Int64
        var modificationNanoseconds: Int64
        var inode: UInt64
        var isDirectory: Bool
    }

    static func status(_ path: String) -> Status? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return status(of: info)
    }

    /// The status of `name` (one path component) in the open directory `directory`.
    static func status(_ name: UnsafePointer<CChar>, in directory: Int32) -> Status? {
        var info = stat()
        guard fstatat(directory, name, &info, 0) == 0 else { return nil }
        return status(of: info)
    }

    private static func status(of info: stat) -> Status {
        #if canImport(Darwin)
            let nanos = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
            let nanos = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
        return Status(
            size: Int64(info.st_size), modificationNanoseconds: nanos, inode: UInt64(info.st_ino),
            isDirectory: (info.st_mode & S_IFMT) == S_IFDIR)
    }

    /// What is at `path` itself, without following a symbolic link there.
    enum EntryKind { case regularFile, directory, other }

    /// The kind and size of the entry at `path` (`lstat`), or `nil` when there is none.
    static func entry(_ path: String) -> (kind: EntryKind, size: Int64)? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        let kind: EntryKind =
            switch info.st_mode & S_IFMT {
            case S_IFREG: .regularFile
            case S_IFDIR: .directory
            default: .other
            }
        return (kind, Int64(info.st_size))
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    static func readAll(_ path: String) throws(CacheError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system("open", path: path) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .system("stat", path: path) }
        let expected = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: expected)
        var filled = 0
        while filled < expected {
            let count = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return read(descriptor, base + filled, expected - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system("read", path: path)
            }
            if count == 0 { break }
            filled += count
        }
        if filled < expected { bytes.removeLast(expected - filled) }
        return bytes
    }

    static func readSome(_ descriptor: Int32, _ base: UnsafeMutableRawPointer, _ count: Int) -> Int {
        read(descriptor, base, count)
    }

    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(CacheError) {
        var written = 0
        while written < bytes.count {
            guard let base = bytes.baseAddress else { return }
            let count = write(descriptor, base + written, bytes.count - written)
            if count < 0 {
                if errno == EINTR { continue }
                throw .system("write", path: path)
            }
            written += count
        }
    }

    static func makeDirectories(_ path: String) throws(CacheError) {
        if PosixFile.exists(path) { return }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component + "/"
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw .system("create directory", path: prefix)
            }
        }
    }

    /// Creates a uniquely named temporary file in `directory` (so a later
    /// rename into that directory is atomic) and returns its descriptor and path.
    static func makeTemporary(in directory: String) throws(CacheError) -> (descriptor: Int32, path: String) {
        var template = Array((directory + "/.tmp-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard descriptor >= 0 else { throw .system("create a temporary file in", path: directory) }
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (descriptor, path)
    }

    /// Writes `bytes` to `path` through a temporary file and a rename, so
    /// readers see either the old file or the whole new one.
    ///
    /// There is no fsync: after a power loss an entry may be empty or short,
    /// and the header check on read turns that into a miss.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(CacheError) {
        let directory = parentDirectory(path)
        try makeDirectories(directory)
        let (descriptor, temporary) = try makeTemporary(in: directory)
        let written = bytes.withUnsafeBytes { buffer in
            Result { () throws(CacheError) in try writeAll(descriptor, buffer, path: temporary) }
        }
        close(descriptor)
        do throws(CacheError) {
            try written.get()
            fchmodPath(temporary)
            guard rename(temporary, path) == 0 else { throw CacheError.system("rename", path: path) }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// mkstemp creates files readable by the owner only; cache entries and
    /// restored outputs should have ordinary permissions.
    static func fchmodPath(_ path: String) {
        chmod(path, 0o644)
    }

    static func parentDirectory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    static func remove(_ path: String) {
        unlink(path)
    }

    /// Names in `directory`, without `.` and `..`; empty when it does not exist.
    /// The names in `directory` (unsorted), or `nil` when it cannot be read
    /// or holds more than `limit` entries: the caller then asks name by name.
    static func listDirectory(_ directory: String, limit: Int) -> Set<String>? {
        guard let handle = opendir(directory) else { return nil }
        defer { closedir(handle) }
        var names: Set<String> = []
        while let entry = readdir(handle) {
            guard names.count < limit else { return nil }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.insert(name) }
        }
        return names
    }

    static func listDirectory(_ directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
