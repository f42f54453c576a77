/// An error from the artifact cache: a stable code, a message for people, and the underlying cause.
public struct CacheError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Kind: Hashable, Sendable {
            case io, corruptEntry, malformedLockFile, missingFile
        }
        fileprivate let kind: Kind

        /// A system call failed (open, read, write, rename...).
        public static let io = Code(kind: .io)
        /// A stored entry failed its length or checksum check.
        public static let corruptEntry = Code(kind: .corruptEntry)
        /// A lock file could not be parsed.
        public static let malformedLockFile = Code(kind: .malformedLockFile)
        /// A file that should exist does not.
        public static let missingFile = Code(kind: .missingFile)

        public var description: String {
            switch kind {
            case .io: "io"
            case .corruptEntry: "corrupt-entry"
            case .malformedLockFile: "malformed-lock-file"
            case .missingFile: "missing-file"
            }
        }
    }

    public var code: Code
    public var message: String
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        if let cause { return "\(message) (\(cause))" }
        return message
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
        let kind: Code = code == ENOENT ? .missingFile : .io
        return CacheError(kind, "cannot \(call) \(path)", cause: SystemCallError(call: call, errno: code))
    }
}
