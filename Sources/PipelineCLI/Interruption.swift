import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into cancellation of a task, so a run stops
/// scheduling, terminates running commands and leaves the cache consistent.
/// It remembers the first signal, so that mass exits as shells expect of a
/// process stopped by it: 128 + the signal number (130 for Ctrl-C, 143 for SIGTERM).
///
/// Signals are caught from `catchSignals` on, before the task exists: one
/// that comes before `cancelOnSignal` cancels the task as soon as it is given.
final class Interruption: Sendable {
    private struct State {
        var received: Int32?
        var cancel: (@Sendable () -> Void)?
    }
    private let state = Mutex(State())

    /// Catches SIGINT and SIGTERM from now until `stop`.
    static func catchSignals() -> Interruption {
        let interruption = Interruption()
        SignalForwarding.start { [interruption] signal in interruption.receive(signal) }
        return interruption
    }

    /// Cancels `task` on the first signal, at once if one came already.
    func cancelOnSignal<T, Failure: Error>(_ task: Task<T, Failure>) {
        let alreadySignalled = state.withLock { state in
            state.cancel = { task.cancel() }
            return state.received != nil
        }
        if alreadySignalled { task.cancel() }
    }

    private func receive(_ signal: Int32) {
        let cancel = state.withLock { state in
            state.received = state.received ?? signal
            return state.cancel
        }
        cancel?()
    }

    /// The signal that stopped the run, if one did.
    var receivedSignal: Int32? { state.withLock { $0.received } }

    /// The exit code for a run stopped by a signal: 128 + its number (130 when none was seen).
    var exitCode: Int32 { 128 + (receivedSignal ?? SIGINT) }

    func stop() { SignalForwarding.stop() }
}
