import Foundation
import MLModels

/// One loaded state of the model: what a request reads from start to end.
public struct ServedModel: Sendable {
    public let ensemble: Ensemble
    public let provenance: EnsembleProvenance
    /// Counts loads from the file: learning started on an older load must not overwrite a newer one.
    public let loadNumber: Int
    /// Events learned since the export: those the loaded file already held
    /// (a snapshot's) and those learned since it was loaded.
    public let eventsLearned: Int
    public let loadedAt: Date

    func learned(_ ensemble: Ensemble, events: Int) -> ServedModel {
        ServedModel(
            ensemble: ensemble, provenance: provenance, loadNumber: loadNumber, eventsLearned: eventsLearned + events,
            loadedAt: loadedAt)
    }

    /// The provenance a snapshot of this state is written with: the export's, and the events learned since.
    var snapshotProvenance: EnsembleProvenance {
        var provenance = provenance
        provenance.eventsLearned = eventsLearned
        return provenance
    }
}

/// Holds the current model; a swap replaces the reference at once, and a
/// request that took the previous one finishes on it.
public final class ModelHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var model: ServedModel

    init(_ model: ServedModel) { self.model = model }

    /// The model to answer one request with; take it once per request.
    public var current: ServedModel { lock.withLock { model } }

    /// Serves a newly loaded file.
    func load(_ ensemble: Ensemble, provenance: EnsembleProvenance) -> ServedModel {
        lock.withLock {
            model = ServedModel(
                ensemble: ensemble, provenance: provenance, loadNumber: model.loadNumber + 1,
                eventsLearned: provenance.eventsLearned, loadedAt: Date())
            return model
        }
    }

    /// Serves `learned` unless another file was loaded since its learning began.
    func replace(with learned: ServedModel) -> Bool {
        lock.withLock {
            guard learned.loadNumber == model.loadNumber else { return false }
            model = learned
            return true
        }
    }
}
