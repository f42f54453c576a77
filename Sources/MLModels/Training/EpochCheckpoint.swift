import Foundation

/// Where and when a long iterative fit keeps its state between epochs, so
/// that a killed run resumes mid-fit: the fit writes a checkpoint after an
/// epoch once `interval` has passed since it started (or since the last
/// checkpoint), and a fit that finds a checkpoint of the same `identity`
/// (the node's fingerprint: the same model, data and seed) continues from
/// it. The epochs themselves draw no random numbers, so a resumed fit ends
/// bit for bit where an uninterrupted one would.
public struct EpochCheckpoint: Sendable {
    public let path: String
    public let identity: String
    public let interval: Duration

    public init(path: String, identity: String, interval: Duration = .seconds(60)) {
        self.path = path
        self.identity = identity
        self.interval = interval
    }
}

/// A fit's state that a checkpoint can hold.
protocol CheckpointState {
    func encode(to writer: inout ArtifactWriter)
    init(decoding reader: inout ArtifactReader) throws(ModelArtifactError)
}

/// Epochs done and the state after them, as a checkpoint file holds them.
struct SavedEpochs<State> {
    var epoch: Int
    var learningRate: Double
    var losses: [Double]
    var report: TrainingReport
    var state: State
}

/// The checkpoint file: the artifact envelope ("MASSCKPT", checksummed)
/// around the identity, the model kind, the epochs done and the state.
enum CheckpointFile {
    static let magic: [UInt8] = Array("MASSCKPT".utf8)
    static let version: UInt32 = 1

    static func write<State>(_ saved: SavedEpochs<State>, kind: String, to checkpoint: EpochCheckpoint) {
        guard let state = saved.state as? any CheckpointState else { return }
        var payload = ArtifactWriter()
        payload.write(checkpoint.identity)
        payload.write(kind)
        payload.write(saved.epoch)
        payload.write(saved.learningRate)
        payload.write(saved.losses)
        payload.write(saved.report)
        state.encode(to: &payload)
        let bytes = ArtifactEnvelope.wrap(payload.bytes, magic: magic, version: version)
        // Written beside, then renamed: a kill mid-write leaves the previous checkpoint whole.
        let folder = (checkpoint.path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = checkpoint.path + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else { return }
        _ = rename(temporary, checkpoint.path)
    }

    /// The saved epochs of this fit, or nil when there is none, it belongs to
    /// another fit, or it is damaged (then the fit starts from the beginning).
    static func read<State>(_ type: State.Type, kind: String, from checkpoint: EpochCheckpoint) -> SavedEpochs<State>? {
        guard let data = FileManager.default.contents(atPath: checkpoint.path),
            let stateType = State.self as? any CheckpointState.Type
        else { return nil }
        do {
            var reader = try ArtifactEnvelope.open(Array(data), magic: magic, version: version, what: "a fit checkpoint")
            guard try reader.readString() == checkpoint.identity, try reader.readString() == kind else { return nil }
            let epoch = try reader.readCount(), rate = try reader.readDouble()
            let losses = try reader.readDoubles(), report = try reader.readTrainingReport()
            guard let state = try stateType.init(decoding: &reader) as? State, reader.isAtEnd, losses.count == epoch else {
                return nil
            }
            return SavedEpochs(epoch: epoch, learningRate: rate, losses: losses, report: report, state: state)
        } catch {
            return nil
        }
    }
}

extension MatrixFactorization.State: CheckpointState {
    func encode(to writer: inout ArtifactWriter) {
        writer.write(userFactors)
        writer.write(itemFactors)
        writer.write(userBias)
        writer.write(itemBias)
    }

    init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        let users = try reader.readFactorMatrix(), items = try reader.readFactorMatrix()
        self.init(userCount: 0, itemCount: 0, factors: users.factors)
        userFactors = users
        itemFactors = items
        userBias = try reader.readFloats()
        itemBias = try reader.readFloats()
    }
}

extension SVDPlusPlus.State: CheckpointState {
    func encode(to writer: inout ArtifactWriter) {
        writer.write(userFactors)
        writer.write(itemFactors)
        writer.write(implicitFactors)
        writer.write(userBias)
        writer.write(itemBias)
    }

    init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        let users = try reader.readFactorMatrix(), items = try reader.readFactorMatrix()
        let implicit = try reader.readFactorMatrix()
        self.init(userCount: 0, itemCount: 0, factors: users.factors)
        userFactors = users
        itemFactors = items
        implicitFactors = implicit
        userBias = try reader.readFloats()
        itemBias = try reader.readFloats()
    }
}

extension BaselineBiases: CheckpointState {
    func encode(to writer: inout ArtifactWriter) {
        writer.write(globalMean)
        writer.write(user)
        writer.write(item)
    }

    init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        let mean = try reader.readDouble()
        self.init(globalMean: mean, user: try reader.readDoubles(), item: try reader.readDoubles())
    }
}
