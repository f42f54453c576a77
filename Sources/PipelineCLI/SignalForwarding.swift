import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The write end of the pipe that the signal handler writes to; set once,
/// before the handler is first installed.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// Only writes the signal's number to the pipe: all that a handler may safely do.
private func forwardSignal(_ number: Int32) {
    let savedErrno = errno
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(signalPipeWriteEnd, &byte, 1)
    errno = savedErrno
}

/// SIGINT and SIGTERM handed to a function on a thread of its own, from the
/// moment `start` returns: the handler is installed with `sigaction` there and
/// then (a dispatch signal source registers later, on another thread, and a
/// signal in between is lost), writes the signal's number to a pipe, and a
/// thread that reads the pipe calls the receiver.
enum SignalForwarding {
    private static let receiver = Mutex<(@Sendable (Int32) -> Void)?>(nil)
    /// Creates the pipe and its reading thread once per process; false when no pipe can be made.
    private static let ready: Bool = {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return false }
        // Commands that mass starts do not inherit the pipe.
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        signalPipeWriteEnd = ends[1]
        let readEnd = ends[0]
        Thread.detachNewThread {
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count == 1 {
                    if let receive = receiver.withLock({ $0 }) { receive(Int32(byte)) }
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
        return true
    }()

    static let signals = [SIGINT, SIGTERM]

    /// What each signal did before `start`, for `stop` to give back.
    private static let previousActions = Mutex<[Int32: sigaction]>([:])

    /// Calls `receive` with each SIGINT or SIGTERM from now until `stop`.
    static func start(_ receive: @escaping @Sendable (Int32) -> Void) {
        receiver.withLock { $0 = receive }
        guard ready else { return }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = forwardSignal
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        previousActions.withLock { previousActions in
            for number in signals {
                var previous = sigaction()
                sigaction(number, &action, &previous)
                if previousActions[number] == nil { previousActions[number] = previous }
            }
        }
    }

    /// Gives SIGINT and SIGTERM back what they did before `start`.
    static func stop() {
        previousActions.withLock { previousActions in
            for (number, var previous) in previousActions { sigaction(number, &previous, nil) }
            previousActions = [:]
        }
        receiver.withLock { $0 = nil }
    }
}
