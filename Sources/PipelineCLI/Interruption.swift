import Foundation

/// Turns SIGINT and SIGTERM into cancellation of a task, so a run stops
/// scheduling, terminates running commands and leaves the cache consistent.
/// It remembers the first signal, so that mass exits as shells expect of a
/// process stopped by it: 128 + the signal number (130 for Ctrl-C, 143 for SIGTERM).
final class Interruption: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var received: Int32?

    static func cancelOnSignal<T, Failure: Error>(_ task: Task<T, Failure>) -> Interruption {
        let interruption = Interruption()
        for signalNumber in [SIGINT, SIGTERM] {
            Foundation.signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [interruption] in
                interruption.lock.withLock { interruption.received = interruption.received ?? signalNumber }
                task.cancel()
            }
            source.resume()
            interruption.sources.append(source)
        }
        return interruption
    }

    /// The signal that stopped the run, if one did.
    var receivedSignal: Int32? { lock.withLock { received } }

    /// The exit code for a run stopped by a signal: 128 + its number (130 when none was seen).
    var exitCode: Int32 { 128 + (receivedSignal ?? SIGINT) }

    func stop() {
        for source in sources { source.cancel() }
        sources = []
        Foundation.signal(SIGINT, SIG_DFL)
        Foundation.signal(SIGTERM, SIG_DFL)
    }
}
