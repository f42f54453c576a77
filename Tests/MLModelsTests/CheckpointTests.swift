import Foundation
import MLCore
import Testing
@testable import MLModels

/// A long fit keeps checkpoints; a fit that finds one of its own resumes
/// from it and ends bit for bit where an uninterrupted fit does.
@Suite struct CheckpointTests {
    static let ratings = syntheticRatings(users: 60, items: 40, count: 900, seed: 8)

    func fit<Model: PersistentModel>(_ model: Model, checkpoint: EpochCheckpoint?) throws -> TrainedModel<Model> {
        try TrainedModel.fit(
            model, train: Self.ratings, identifiers: ModelIdentifiers(userCount: 60, itemCount: 40), scale: 1...5,
            seed: 4, observer: checkpoint.map { EpochObserver(checkpoint: $0) })
    }

    func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("mass-checkpoint-\(UUID().uuidString).ckpt").path
    }

    @Test(arguments: ["mf", "svdpp", "baseline"])
    func aResumedFitEndsWhereAnUninterruptedOneDoes(kind: String) throws {
        let file = path()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let checkpoint = EpochCheckpoint(path: file, identity: "node", interval: .zero)
        func run(_ checkpoint: EpochCheckpoint?) throws -> (bytes: [UInt8], resumed: Int?) {
            switch kind {
            case "mf":
                let trained = try fit(MatrixFactorization(.init(factors: 6, epochs: 12)), checkpoint: checkpoint)
                return (trained.encoded(), trained.fitted.trainingReport.resumedAfter)
            case "svdpp":
                let trained = try fit(SVDPlusPlus(.init(factors: 4, epochs: 6)), checkpoint: checkpoint)
                return (trained.encoded(), trained.fitted.trainingReport.resumedAfter)
            default:
                let trained = try fit(Baseline(.init(method: .sgd, epochs: 9)), checkpoint: checkpoint)
                return (trained.encoded(), trained.fitted.trainingReport.resumedAfter)
            }
        }
        let plain = try run(nil)
        // The first fit writes a checkpoint after every epoch but the last: what a kill before the end leaves.
        let first = try run(checkpoint)
        #expect(first.bytes == plain.bytes && first.resumed == nil)
        #expect(FileManager.default.fileExists(atPath: file))
        let resumed = try run(checkpoint)
        #expect(resumed.resumed != nil, "the second fit resumed")
        #expect(resumed.bytes == plain.bytes, "bit for bit the model of the uninterrupted fit")
    }

    @Test func aDamagedOrForeignCheckpointIsIgnored() throws {
        let file = path()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let model = MatrixFactorization(.init(factors: 6, epochs: 8))
        let plain = try fit(model, checkpoint: nil).encoded()
        _ = try fit(model, checkpoint: EpochCheckpoint(path: file, identity: "another node", interval: .zero))
        let foreign = try fit(model, checkpoint: EpochCheckpoint(path: file, identity: "this node", interval: .zero))
        #expect(foreign.fitted.trainingReport.resumedAfter == nil && foreign.encoded() == plain)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        bytes[bytes.count / 2] ^= 0xff
        try bytes.write(to: URL(fileURLWithPath: file))
        let damaged = try fit(model, checkpoint: EpochCheckpoint(path: file, identity: "this node", interval: .zero))
        #expect(damaged.fitted.trainingReport.resumedAfter == nil && damaged.encoded() == plain)
    }

    @Test func aShortFitWritesNoCheckpoint() throws {
        let file = path()
        _ = try fit(MatrixFactorization(.init(factors: 4, epochs: 5)), checkpoint: EpochCheckpoint(path: file, identity: "n"))
        #expect(!FileManager.default.fileExists(atPath: file), "under a minute: nothing written")
    }
}
