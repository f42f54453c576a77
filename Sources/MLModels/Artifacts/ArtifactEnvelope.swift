/// The frame around every binary file mass writes for models:
///
///     magic (8 bytes) · format version (UInt32) · payload length (UInt64)
///     · payload · checksum (UInt64) of everything before it
///
/// so that another file, another version, a truncation or a changed byte is
/// named as such before any of the payload is read.
enum ArtifactEnvelope {
    static let headerSize = 8 + 4 + 8
    static let checksumSize = 8

    static func wrap(_ payload: [UInt8], magic: [UInt8], version: UInt32) -> [UInt8] {
        precondition(magic.count == 8, "a magic number of eight bytes")
        var writer = ArtifactWriter()
        for byte in magic { writer.write(byte) }
        writer.write(version)
        writer.write(payload.count)
        var bytes = writer.bytes
        bytes.append(contentsOf: payload)
        let checksum = ArtifactChecksum.of(bytes, count: bytes.count)
        withUnsafeBytes(of: checksum.littleEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// A reader over the payload of intact bytes; `what` names the file in the error for other bytes.
    static func open(
        _ bytes: [UInt8], magic: [UInt8], version expected: UInt32, what: String
    ) throws(ModelArtifactError) -> ArtifactReader {
        try open(bytes, magic: magic, versions: expected...expected, what: what).reader
    }

    /// As `open`, for a format whose reader still reads older versions: the reader and the file's version.
    static func open(
        _ bytes: [UInt8], magic: [UInt8], versions: ClosedRange<UInt32>, what: String
    ) throws(ModelArtifactError) -> (reader: ArtifactReader, version: UInt32) {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw ModelArtifactError(.notAnArtifact, "the bytes are not \(what)")
        }
        var header = ArtifactReader(bytes, from: magic.count)
        let version = try header.readUInt32()
        guard versions.contains(version) else {
            let readable =
                versions.count == 1
                ? "version \(versions.upperBound)" : "versions \(versions.lowerBound) to \(versions.upperBound)"
            throw ModelArtifactError(.unsupportedVersion, "format version \(version); this build reads \(readable)")
        }
        let length = try header.readCount()
        let available = bytes.count - headerSize - checksumSize
        guard length <= available else {
            throw ModelArtifactError(.truncated, "the payload has \(max(0, available)) of its \(length) bytes")
        }
        guard length == available else {
            throw ModelArtifactError(.damaged, "\(available - length) bytes follow the end")
        }
        var trailer = ArtifactReader(bytes, from: headerSize + length)
        let stored = try trailer.readUInt64()
        guard stored == ArtifactChecksum.of(bytes, count: headerSize + length) else {
            throw ModelArtifactError(.damaged, "the checksum does not match the contents")
        }
        return (ArtifactReader(bytes, from: headerSize, to: headerSize + length), version)
    }
}
