/// The artifact format of a trained model, version 2:
///
///     magic "MASSMODL" · format version (UInt32) · payload length (UInt64)
///     · payload · checksum (UInt64) of everything before it
///
/// The payload holds the model kind, its configuration, the id tables, the
/// fitted state and the replay sample, in that order; for `mf` and `svdpp`
/// then their learning options, when they are not the defaults. A model is
/// written in the oldest version that holds it: version 1 when its replay is
/// a count of rows, version 2 (a flag, then the count or the share) when it
/// is a share of the rows seen. Integers and floats are
/// little-endian; float arrays are raw bytes.
public enum ModelArtifactFormat {
    public static let magic: [UInt8] = Array("MASSMODL".utf8)
    public static let version: UInt32 = 2
    /// The oldest version this build reads.
    static let oldestReadable: UInt32 = 1
    /// The model kind of an artifact, after checking its header and checksum,
    /// so that a caller can pick the type to decode it with.
    public static func kind(of bytes: [UInt8]) throws(ModelArtifactError) -> String {
        var reader = try payload(of: bytes).reader
        return try reader.readString()
    }

    /// A reader over the payload of intact bytes, and the format version it was written in.
    static func payload(of bytes: [UInt8]) throws(ModelArtifactError) -> (reader: ArtifactReader, version: UInt32) {
        try ArtifactEnvelope.open(
            bytes, magic: magic, versions: oldestReadable...version, what: "a model artifact (\"MASSMODL\")")
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
        // Version 1 holds a replay of rows as it always did: those artifacts keep their bytes.
        let version: UInt32
        switch replay.policy {
        case .rows(let rows):
            version = 1
            payload.write(rows)
        case .share(let share):
            version = 2
            payload.write(true)
            payload.write(share)
        }
        payload.write(replay.seen)
        payload.write(replay.seed)
        payload.write(replay.users)
        payload.write(replay.items)
        payload.write(replay.values)
        payload.write(seed)
        payload.write(updates)
        if let trailing = model as? any TrailingLearningOptions, trailing.learningOptions != LearningOptions() {
            payload.write(trailing.learningOptions)
        }

        return ArtifactEnvelope.wrap(payload.bytes, magic: ModelArtifactFormat.magic, version: version)
    }

    /// Reads an artifact written by `encoded()` for this model kind.
    public init(decoding bytes: [UInt8]) throws(ModelArtifactError) {
        var (reader, version) = try ModelArtifactFormat.payload(of: bytes)
        let kind = try reader.readString()
        guard kind == Model.kind else {
            throw ModelArtifactError(.wrongKind, "the artifact holds a '\(kind)' model, not '\(Model.kind)'")
        }
        let model = try Model(decoding: &reader)
        let identifiers = ModelIdentifiers(users: try reader.readStrings(), items: try reader.readStrings())
        let fitted = try Model.Fitted(decoding: &reader)
        let isShare = version >= 2 ? try reader.readBool() : false
        let policy: ReplayPolicy = isShare ? .share(try reader.readDouble()) : .rows(try reader.readCount())
        guard policy.isValid else { throw ModelArtifactError(.malformed, "the replay sample's policy is out of range") }
        let seen = try reader.readCount(), replaySeed = try reader.readUInt64()
        let users = try reader.readInt32s(), items = try reader.readInt32s(), values = try reader.readFloats()
        let replay = ReplaySample(policy: policy, seed: replaySeed, seen: seen, users: users, items: items, values: values)
        guard users.count == values.count, items.count == values.count, values.count <= min(replay.capacity, seen) else {
            throw ModelArtifactError(.malformed, "the replay sample's columns disagree")
        }
        let seed = try reader.readUInt64(), updates = try reader.readCount()
        var configured = model
        if !reader.isAtEnd, let trailing = model as? any TrailingLearningOptions,
            let learned = trailing.with(learning: try reader.readLearningOptions()) as? Model
        {
            configured = learned
        }
        guard reader.isAtEnd else { throw ModelArtifactError(.malformed, "bytes follow the replay sample") }
        self.init(model: configured, fitted: fitted, identifiers: identifiers, replay: replay, seed: seed, updates: updates)
    }
}
