/// Bytes that are not a model artifact this version can read: damaged,
/// truncated, of another format version or of another model kind.
public struct ModelArtifactError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong. New codes can be added without breaking a caller's `switch`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Sendable {
            case notAnArtifact = "not a model artifact"
            case unsupportedVersion = "unsupported format version"
            case truncated = "truncated"
            case damaged = "damaged"
            case wrongKind = "wrong model kind"
            case malformed = "malformed"
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The bytes do not start with the artifact's magic number.
        public static let notAnArtifact = Code(.notAnArtifact)
        /// Written by a format version this code does not read.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// The bytes end before the artifact does.
        public static let truncated = Code(.truncated)
        /// The checksum does not match the contents: some byte changed.
        public static let damaged = Code(.damaged)
        /// A valid artifact of another model kind than the one asked for.
        public static let wrongKind = Code(.wrongKind)
        /// A value is out of its range (a negative count, an unknown enum case).
        public static let malformed = Code(.malformed)

        public var description: String { kind.rawValue }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "model artifact \(code): \(message)" }
}
