import Foundation
import Testing

@testable import PipelineCLI

/// SIGINT and SIGTERM are caught from `catchSignals` on: one that comes
/// before the task is given cancels it when it is given, one that comes
/// after cancels it then, and the exit code is 128 + the first signal.
/// The signals are sent to the test process itself, which they would end
/// if they were not caught.
@Suite(.serialized, .timeLimit(.minutes(1))) struct InterruptionSignalTests {
    @Test(arguments: [(SIGTERM, true), (SIGINT, false), (SIGTERM, false)])
    func aSignalCancelsTheTaskWhenItCameBeforeOrAfterTheTaskWasGiven(signal: Int32, beforeTheTask: Bool) async {
        let interruption = Interruption.catchSignals()
        defer { interruption.stop() }
        if beforeTheTask { kill(getpid(), signal) }
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
        if !beforeTheTask { kill(getpid(), signal) }
        let cancelled = await task.value
        #expect(cancelled)
        #expect(interruption.receivedSignal == signal)
        #expect(interruption.exitCode == 128 + signal)
    }
}
