import Foundation
import Testing

@testable import PipelineCLI

/// SIGINT and SIGTERM are caught from `catchSignals` on: one that comes
/// before the task is given cancels it when it is given, one that comes
/// after cancels it then, and the exit code is 128 + the first signal.
/// The signals are raised in the test process itself, which they would end
/// if they were not caught, on a thread of their own that does not block
/// them: a signal sent to the whole process waits while every thread that
/// it could go to blocks it, as the threads of other tests running beside
/// these may.
@Suite(.serialized, .timeLimit(.minutes(1))) struct InterruptionSignalTests {
    @Test(arguments: [(SIGTERM, true), (SIGINT, false), (SIGTERM, false)])
    func aSignalCancelsTheTaskWhenItCameBeforeOrAfterTheTaskWasGiven(signal: Int32, beforeTheTask: Bool) async {
        let interruption = Interruption.catchSignals()
        defer { interruption.stop() }
        if beforeTheTask { await raiseOnItsOwnThread(signal) }
        // Ends only when cancelled: the test waits for the cancellation, not for a time.
        let task = Task { () -> Bool in
            do {
                try await Task.sleep(for: .seconds(3600))
                return false
            } catch {
                return true
            }
        }
        interruption.cancelOnSignal(task)
        if !beforeTheTask { await raiseOnItsOwnThread(signal) }
        let cancelled = await task.value
        #expect(cancelled)
        #expect(interruption.receivedSignal == signal)
        #expect(interruption.exitCode == 128 + signal)
    }
}

/// Raises `signal` on a new thread that unblocks it first, so that it is
/// handled there before `raise` returns; returns after that.
private func raiseOnItsOwnThread(_ signal: Int32) async {
    await withCheckedContinuation { (raised: CheckedContinuation<Void, Never>) in
        let thread = Thread {
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, signal)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            raise(signal)
            raised.resume()
        }
        thread.start()
    }
}
