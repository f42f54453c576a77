import Foundation

/// A `mass` process started in the background, for tests that signal it,
/// kill it or start a second run beside it while it works.
final class BackgroundMass: @unchecked Sendable {
    struct Outcome {
        /// The exit status, or the signal number when `killedBySignal`.
        var status: Int32
        var killedBySignal: Bool
        var stdout: String
        var stderr: String
    }

    let process = Process()
    private let out = Pipe()
    private let err = Pipe()
    private var stdoutData = Data()
    private var stderrData = Data()
    private let readers = DispatchGroup()
    /// Guards the data above; signalled whenever more arrives.
    private let arrived = NSCondition()
    private var stderrEnded = false

    init(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws {
        process.executableURL = MassProcess.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["CI"] = "true"
        env.merge(environment) { _, new in new }
        process.environment = env
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain both pipes as the process writes, so that it never blocks on a full pipe.
        for (pipe, isError) in [(out, false), (err, true)] {
            readers.enter()
            Thread.detachNewThread { [self] in
                while true {
                    let chunk = pipe.fileHandleForReading.availableData
                    arrived.lock()
                    if isError { stderrData.append(chunk) } else { stdoutData.append(chunk) }
                    if chunk.isEmpty && isError { stderrEnded = true }
                    arrived.broadcast()
                    arrived.unlock()
                    if chunk.isEmpty { break }
                }
                readers.leave()
            }
        }
    }

    /// Blocks until the process has written `text` to standard error (or closed it); whether it did.
    @discardableResult
    func waitForStderr(containing text: String) -> Bool {
        arrived.lock()
        defer { arrived.unlock() }
        while true {
            if String(decoding: stderrData, as: UTF8.self).contains(text) { return true }
            if stderrEnded { return false }
            arrived.wait()
        }
    }

    /// What the process has written to standard error so far.
    var stderrSoFar: String {
        arrived.lock()
        defer { arrived.unlock() }
        return String(decoding: stderrData, as: UTF8.self)
    }

    var pid: Int32 { process.processIdentifier }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the process to end and returns what it printed.
    func wait() -> Outcome {
        process.waitUntilExit()
        readers.wait()
        arrived.lock()
        defer { arrived.unlock() }
        return Outcome(
            status: process.terminationStatus, killedBySignal: process.terminationReason == .uncaughtSignal,
            stdout: String(decoding: stdoutData, as: UTF8.self), stderr: String(decoding: stderrData, as: UTF8.self))
    }
}

/// A named pipe that a command stage opens for writing once it runs
/// (`echo > started`): `wait()` returns at that moment, however slow the machine.
struct StageStarted {
    let path: String

    init(in folder: URL, name: String = "started") throws {
        path = folder.appendingPathComponent(name).path
        guard mkfifo(path, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    /// Blocks until a writer has opened the pipe and closed it again.
    func wait() {
        _ = FileHandle(forReadingAtPath: path)?.readDataToEndOfFile()
    }
}
