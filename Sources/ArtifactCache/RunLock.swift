#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps two runs of one pipeline from overlapping: an exclusive advisory
/// lock (`flock`) on `<pipeline>.lock.run`, a file beside the lock file that
/// exists while a run holds it and names the holder's pid.
///
/// The file is removed when the run ends; a run that took the lock on a file
/// removed meanwhile (its holder ended as it opened it) tries again on the new one.
public final class RunLock: Sendable {
    public let path: String
    private let descriptor: Int32

    /// What trying to take the lock gave.
    public enum Attempt: Sendable {
        case acquired(RunLock)
        /// Another process holds it; its pid when it could be read.
        case busy(holder: Int32?)
    }

    /// The run lock beside a lock file: `p.lock` → `p.lock.run`.
    public static func path(forLockFile lockPath: String) -> String { lockPath + ".run" }

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Takes the lock if it is free, without waiting.
    public static func tryAcquire(at path: String) throws(CacheError) -> Attempt {
        try acquire(at: path, waiting: false)
    }

    /// Takes the lock, waiting as long as another run holds it.
    public static func acquire(at path: String) throws(CacheError) -> RunLock {
        guard case .acquired(let lock) = try acquire(at: path, waiting: true) else {
            throw CacheError(.io, "cannot lock \(path)")
        }
        return lock
    }

    private static func acquire(at path: String, waiting: Bool) throws(CacheError) -> Attempt {
        while true {
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw .system("open", path: path) }
            while flock(descriptor, LOCK_EX | (waiting ? 0 : LOCK_NB)) != 0 {
                if errno == EINTR { continue }
                let busy = errno == EWOULDBLOCK
                close(descriptor)
                if busy { return .busy(holder: holder(at: path)) }
                throw .system("lock", path: path)
            }
            // The holder removes the file before letting go: a lock on a removed file guards nothing.
            var held = stat()
            var current = stat()
            guard fstat(descriptor, &held) == 0, stat(path, &current) == 0, held.st_ino == current.st_ino,
                held.st_dev == current.st_dev
            else {
                close(descriptor)
                continue
            }
            let text = Array("\(getpid())\n".utf8)
            ftruncate(descriptor, 0)
            _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
            return .acquired(RunLock(path: path, descriptor: descriptor))
        }
    }

    /// The pid written in the lock file, when there is one.
    private static func holder(at path: String) -> Int32? {
        guard let bytes = try? PosixFile.readAll(path) else { return nil }
        return Int32(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: [" ", "\n"]))
    }

    deinit {
        unlink(path)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

extension String {
    fileprivate func trimmingCharacters(in characters: Set<Character>) -> String {
        String(drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
    }
}
