import PipelineBasics

/// An error from the artifact cache: a stable code, a message for people, and the underlying cause.
public typealias CacheError = CodedError<CacheErrorCode>

/// What went wrong in the cache.
public struct CacheErrorCode: Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable {
        case io, corruptEntry, malformedLockFile, missingFile
    }
    private let kind: Kind
    private init(_ kind: Kind) { self.kind = kind }

    /// A system call failed (open, read, write, rename...).
    public static let io = Self(.io)
    /// A stored entry failed its length or checksum check.
    public static let corruptEntry = Self(.corruptEntry)
    /// A lock file could not be parsed.
    public static let malformedLockFile = Self(.malformedLockFile)
    /// A file that should exist does not.
    public static let missingFile = Self(.missingFile)

    public var description: String {
        switch kind {
        case .io: "io"
        case .corruptEntry: "corrupt-entry"
        case .malformedLockFile: "malformed-lock-file"
        case .missingFile: "missing-file"
        }
    }
}

/// An `errno` value with the failing call, kept as the cause of a `CacheError`.
public struct SystemCallError: Error, CustomStringConvertible, Sendable {
    public var call: String
    public var errno: Int32

    public var description: String {
        "\(call): \(String(cString: strerror(errno)))"
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension CacheError {
    /// The error for a failed system call on `path`, reading the current `errno`.
    static func system(_ call: String, path: String) -> CacheError {
        let code = errno
        let kind: CacheErrorCode = code == ENOENT ? .missingFile : .io
        return CacheError(kind, "cannot \(call) \(path)", cause: SystemCallError(call: call, errno: code))
    }
}
