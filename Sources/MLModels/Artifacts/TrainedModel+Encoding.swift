/// The artifact format of a trained model, version 1:
///
///     magic "MASSMODL" · format version (UInt32) · payload length (UInt64)
///     · payload · checksum (UInt64) of everything before it
///
/// The payload holds the model kind, its configuration, the id tables, the
/// fitted state and the replay sample, in that order. Integers and floats are
/// little-endian; float arrays are raw bytes.
public enum ModelArtifactFormat {
    public static let magic: [UInt8] = Array("MASSMODL".utf8)
    public static let version: UInt32 = 1
    static let headerSize = 8 + 4 + 8
    static let checksumSize = 8

    /// The model kind of an artifact, after checking its header and checksum,
    /// so that a caller can pick the type to decode it with.
    public static func kind(of bytes: [UInt8]) throws(ModelArtifactError) -> String {
        var reader = try payload(of: bytes)
        return try reader.readString()
    }

    /// A reader over the payload of intact bytes.
    static func payload(of bytes: [UInt8]) throws(ModelArtifactError) -> ArtifactReader {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw ModelArtifactError(.notAnArtifact, "the bytes do not start with \"MASSMODL\"")
        }
        var header = ArtifactReader(bytes, from: magic.count)
        let version = try header.readUInt32()
        guard version == Self.version else {
            throw ModelArtifactError(
                .unsupportedVersion, "format version \(version); this build reads version \(Self.version)")
        }
        let length = try header.readCount()
        let available = bytes.count - headerSize - checksumSize
        guard length <= available else {
            throw ModelArtifactError(.truncated, "the payload has \(max(0, available)) of its \(length) bytes")
        }
        guard length == available else {
            throw ModelArtifactError(.damaged, "\(available - length) bytes follow the artifact")
        }
        var trailer = ArtifactReader(bytes, from: headerSize + length)
        let stored = try trailer.readUInt64()
        guard stored == ArtifactChecksum.of(bytes, count: headerSize + length) else {
            throw ModelArtifactError(.damaged, "the checksum does not match the contents")
        }
        return ArtifactReader(bytes, from: headerSize, to: headerSize + length)
    }
}

extension TrainedModel {
    /// The artifact's bytes.
    public func encoded() -> [UInt8] {
        var payload = ArtifactWriter()
        payload.write(Model.kind)
        model.encode(to: &payload)
        payload.write(identifiers.users)
        payload.write(identifiers.items)
        fitted.encode(to: &payload)
        payload.write(replay.capacity)
        payload.write(replay.seen)
        payload.write(replay.seed)
        payload.write(replay.users)
        payload.write(replay.items)
        payload.write(replay.values)
        payload.write(seed)
        payload.write(updates)

        var writer = ArtifactWriter()
        for byte in ModelArtifactFormat.magic { writer.write(byte) }
        writer.write(ModelArtifactFormat.version)
        writer.write(payload.bytes.count)
        var bytes = writer.bytes
        bytes.append(contentsOf: payload.bytes)
        let checksum = ArtifactChecksum.of(bytes, count: bytes.count)
        withUnsafeBytes(of: checksum.littleEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Reads an artifact written by `encoded()` for this model kind.
    public init(decoding bytes: [UInt8]) throws(ModelArtifactError) {
        var reader = try ModelArtifactFormat.payload(of: bytes)
        let kind = try reader.readString()
        guard kind == Model.kind else {
            throw ModelArtifactError(.wrongKind, "the artifact holds a '\(kind)' model, not '\(Model.kind)'")
        }
        let model = try Model(decoding: &reader)
        let identifiers = ModelIdentifiers(users: try reader.readStrings(), items: try reader.readStrings())
        let fitted = try Model.Fitted(decoding: &reader)
        let capacity = try reader.readCount(), seen = try reader.readCount(), replaySeed = try reader.readUInt64()
        let users = try reader.readInt32s(), items = try reader.readInt32s(), values = try reader.readFloats()
        guard users.count == values.count, items.count == values.count, values.count <= min(capacity, seen) else {
            throw ModelArtifactError(.malformed, "the replay sample's columns disagree")
        }
        let replay = ReplaySample(
            capacity: capacity, seed: replaySeed, seen: seen, users: users, items: items, values: values)
        let seed = try reader.readUInt64(), updates = try reader.readCount()
        guard reader.isAtEnd else { throw ModelArtifactError(.malformed, "bytes follow the replay sample") }
        self.init(model: model, fitted: fitted, identifiers: identifiers, replay: replay, seed: seed, updates: updates)
    }
}
