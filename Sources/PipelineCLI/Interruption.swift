import Foundation

/// Turns SIGINT and SIGTERM into cancellation of a task, so a run stops
/// scheduling, terminates running commands and leaves the cache consistent.
final class Interruption: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []

    static func cancelOnSignal<T, Failure: Error>(_ task: Task<T, Failure>) -> Interruption {
        let interruption = Interruption()
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { task.cancel() }
            source.resume()
            interruption.sources.append(source)
        }
        return interruption
    }

    func stop() {
        for source in sources { source.cancel() }
        sources = []
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
