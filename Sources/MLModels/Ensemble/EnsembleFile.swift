/// What an exported model file says about where it came from.
public struct EnsembleProvenance: Sendable, Equatable {
    /// The pipeline's name.
    public var pipeline: String
    /// The canonical configuration (JSON) of the members and the combiner.
    public var configuration: String
    /// The content hash of the data the final fit trained on.
    public var dataFingerprint: String
    /// The target whose metrics follow: `combined`, or the one model's name.
    public var target: String
    /// The mean of each metric over the folds of the run that validated the ensemble, by metric name.
    public var metrics: [(name: String, value: Double)]
    /// Rating events the model learned after the export (a server's snapshot); 0 in an export.
    public var eventsLearned: Int

    public init(
        pipeline: String, configuration: String, dataFingerprint: String, target: String,
        metrics: [(name: String, value: Double)], eventsLearned: Int = 0
    ) {
        self.pipeline = pipeline
        self.configuration = configuration
        self.dataFingerprint = dataFingerprint
        self.target = target
        self.metrics = metrics
        self.eventsLearned = eventsLearned
    }

    public static func == (a: EnsembleProvenance, b: EnsembleProvenance) -> Bool {
        a.pipeline == b.pipeline && a.configuration == b.configuration && a.dataFingerprint == b.dataFingerprint
            && a.target == b.target && a.metrics.map(\.name) == b.metrics.map(\.name)
            && a.metrics.map(\.value) == b.metrics.map(\.value) && a.eventsLearned == b.eventsLearned
    }
}

/// The exported model file, version 2:
///
///     magic "MASSENSM" · format version (UInt32) · payload length (UInt64)
///     · payload · checksum (UInt64) of everything before it
///
/// The payload holds the provenance (with the events learned since the
/// export, which version 1 lacked: read as 0), the rating scale, the id
/// tables, the items each user rated, the latest time in the data, the
/// combiner, then each member's name and its models' artifacts (each a model
/// artifact with its own header and checksum). Little-endian throughout.
public enum EnsembleFile {
    public static let magic: [UInt8] = Array("MASSENSM".utf8)
    public static let version: UInt32 = 2
    /// The oldest version this build still reads.
    static let oldestReadable: UInt32 = 1

    /// The file's bytes.
    public static func encode(_ ensemble: Ensemble, provenance: EnsembleProvenance) -> [UInt8] {
        encode(ensemble, provenance: provenance, version: version)
    }

    /// The file's bytes in `version`'s layout (an older one only for testing that it is still read).
    static func encode(_ ensemble: Ensemble, provenance: EnsembleProvenance, version: UInt32) -> [UInt8] {
        var payload = ArtifactWriter()
        payload.write(provenance.pipeline)
        payload.write(provenance.configuration)
        payload.write(provenance.dataFingerprint)
        payload.write(provenance.target)
        payload.write(provenance.metrics.map(\.name))
        payload.write(provenance.metrics.map(\.value))
        if version >= 2 { payload.write(provenance.eventsLearned) }
        payload.write(ensemble.scale)
        payload.write(ensemble.identifiers.users)
        payload.write(ensemble.identifiers.items)
        payload.write(ensemble.rated.offsets)
        payload.write(ensemble.rated.items)
        payload.write(ensemble.latestTime)
        ensemble.combiner.encode(to: &payload)
        payload.write(ensemble.members.count)
        for member in ensemble.members {
            payload.write(member.name)
            payload.write(member.models.count)
            for model in member.models { payload.write(bytes: model.encoded()) }
        }
        return ArtifactEnvelope.wrap(payload.bytes, magic: magic, version: version)
    }

    /// Reads a file written by `encode`, after checking its header and checksum.
    public static func decode(_ bytes: [UInt8]) throws(ModelArtifactError) -> (Ensemble, EnsembleProvenance) {
        var (reader, fileVersion) = try ArtifactEnvelope.open(
            bytes, magic: magic, versions: oldestReadable...version, what: "an exported mass model (\"MASSENSM\")")
        let pipeline = try reader.readString(), configuration = try reader.readString()
        let fingerprint = try reader.readString(), target = try reader.readString()
        let names = try reader.readStrings(), values = try reader.readDoubles()
        guard names.count == values.count else { throw ModelArtifactError(.malformed, "metric names and values disagree") }
        let eventsLearned = fileVersion >= 2 ? try reader.readCount() : 0
        let scale = try reader.readRange()
        let identifiers = ModelIdentifiers(users: try reader.readStrings(), items: try reader.readStrings())
        let rated = try RatedItems(offsets: try reader.readInts(), items: try reader.readInt32s())
        let latestTime = try reader.readDouble()
        let combiner = try EnsembleCombiner(decoding: &reader)
        let memberCount = try reader.readCount()
        var members: [EnsembleMember] = []
        for _ in 0..<memberCount {
            let name = try reader.readString()
            let modelCount = try reader.readCount()
            var models: [any LoadedModel] = []
            for _ in 0..<modelCount { models.append(try LoadedModels.decode(try reader.readBytes())) }
            members.append(EnsembleMember(name: name, models: models))
        }
        guard reader.isAtEnd else { throw ModelArtifactError(.malformed, "bytes follow the last member") }
        let ensemble = try Ensemble(
            members: members, combiner: combiner, identifiers: identifiers, scale: scale, rated: rated,
            latestTime: latestTime)
        let provenance = EnsembleProvenance(
            pipeline: pipeline, configuration: configuration, dataFingerprint: fingerprint, target: target,
            metrics: Array(zip(names, values)).map { (name: $0, value: $1) }, eventsLearned: eventsLearned)
        return (ensemble, provenance)
    }
}
