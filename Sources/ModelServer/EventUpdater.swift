import Foundation
import Logging
import MLModels
import NIOPosix
import ServiceLifecycle

/// Queues rating events and applies them on one background task, in batches
/// of whatever arrived meanwhile: each batch makes a new ensemble that is
/// swapped in, so readers never wait on learning. Writes the learned model
/// back to the model file every `snapshotEvents` events or `snapshotInterval`.
final class EventUpdater: Service, @unchecked Sendable {
    private let holder: ModelHolder
    private let files: ModelFileAccess
    private let metrics: ServerMetrics
    private let logger: Logger
    private let snapshotEvents: Int?
    private let snapshotInterval: Duration?
    private let notify: @Sendable (ServerNotification) -> Void
    private let lock = NSLock()
    private var queue: [EnsembleEvent] = []
    private let wake: AsyncStream<Void>
    private let wakeContinuation: AsyncStream<Void>.Continuation
    // Touched only by `run()`, one batch at a time.
    private var learning: EnsembleLearning?
    private var learningLoad = 0
    private var sinceSnapshot = 0

    init(
        holder: ModelHolder, files: ModelFileAccess, metrics: ServerMetrics, logger: Logger, snapshotEvents: Int?,
        snapshotInterval: Duration?, notify: @escaping @Sendable (ServerNotification) -> Void
    ) {
        self.holder = holder
        self.files = files
        self.metrics = metrics
        self.logger = logger
        self.snapshotEvents = snapshotEvents
        self.snapshotInterval = snapshotInterval
        self.notify = notify
        (wake, wakeContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues events; they are learned soon after, in order.
    func submit(_ events: [EnsembleEvent]) {
        lock.withLock { queue += events }
        wakeContinuation.yield()
    }

    /// Events queued and not learned yet.
    var pending: Int { lock.withLock { queue.count } }

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await cancelWhenGracefulShutdown {
                    // Learning takes a while: off the event loops, which may run this task.
                    for await _ in self.wake { try? await NIOThreadPool.singleton.runIfActive { self.applyQueued() } }
                }
            }
            if let interval = snapshotInterval {
                group.addTask {
                    try? await cancelWhenGracefulShutdown {
                        while !Task.isCancelled {
                            try await Task.sleep(for: interval)
                            self.wakeContinuation.yield()
                        }
                    }
                }
            }
        }
        // Shutting down: learn what is queued and keep it, if snapshots are on.
        applyQueued(finalSnapshot: true)
    }

    private var lastSnapshot = ContinuousClock.now

    private func applyQueued(finalSnapshot: Bool = false) {
        let batch = lock.withLock {
            defer { queue.removeAll(keepingCapacity: true) }
            return queue
        }
        if !batch.isEmpty { learn(batch) }
        let dueByCount = snapshotEvents.map { sinceSnapshot >= $0 } ?? false
        let dueByTime = snapshotInterval.map { lastSnapshot.duration(to: .now) >= $0 } ?? false
        let snapshotsOn = snapshotEvents != nil || snapshotInterval != nil
        if sinceSnapshot > 0 && (dueByCount || dueByTime || (finalSnapshot && snapshotsOn)) { writeSnapshot() }
    }

    private func learn(_ batch: [EnsembleEvent]) {
        let model = holder.current
        if learning == nil || learningLoad != model.loadNumber {
            // A new file was loaded: learning starts again from it.
            learning = EnsembleLearning(model.ensemble)
            learningLoad = model.loadNumber
            sinceSnapshot = 0
        }
        guard var state = learning else { return }
        do {
            try state.learn(batch)
        } catch {
            logger.error("could not learn from a batch of events", metadata: ["reason": "\(error)"])
            return
        }
        learning = state
        // Here rather than in the first request that needs it.
        state.ensemble.prepareForScoring()
        guard holder.replace(with: model.learned(state.ensemble, events: batch.count)) else {
            logger.warning("the model file was replaced while learning; the batch is dropped")
            learning = nil
            return
        }
        sinceSnapshot += batch.count
        metrics.eventsLearned(batch.count)
        notify(.learned(eventsLearned: holder.current.eventsLearned))
    }

    private func writeSnapshot() {
        let model = holder.current
        do {
            try files.replace(with: EnsembleFile.encode(model.ensemble, provenance: model.snapshotProvenance))
            sinceSnapshot = 0
            lastSnapshot = .now
            metrics.snapshot(succeeded: true)
            logger.info(
                "wrote the learned model", metadata: ["path": "\(files.path)", "events": "\(model.eventsLearned)"])
            notify(.snapshotWritten(eventsLearned: model.eventsLearned))
        } catch {
            metrics.snapshot(succeeded: false)
            logger.error("could not write the learned model", metadata: ["reason": "\(error)"])
        }
    }
}
