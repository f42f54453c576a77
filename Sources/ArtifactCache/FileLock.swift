#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Advisory whole-file locks (`flock`), so that processes sharing a cache
/// folder do not interleave read-modify-write cycles or collect garbage under a running build.
public final class FileLock: Sendable {
    private let descriptor: Int32

    /// Takes the lock on `path` (created if needed), blocking until it is free.
    public init(path: String, exclusive: Bool) throws(CacheError) {
        try PosixFile.makeDirectories(PosixFile.parentDirectory(path))
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .system("open", path: path) }
        while flock(descriptor, exclusive ? LOCK_EX : LOCK_SH) != 0 {
            if errno == EINTR { continue }
            close(descriptor)
            throw .system("lock", path: path)
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    static func withExclusive<R>(_ path: String, _ body: () throws(CacheError) -> R) throws(CacheError) -> R {
        let held = try FileLock(path: path, exclusive: true)
        defer { withExtendedLifetime(held) {} }
        return try body()
    }
}
