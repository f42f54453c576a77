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
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                if isError { stderrData = data } else { stdoutData = data }
                readers.leave()
            }
        }
    }

    var pid: Int32 { process.processIdentifier }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the process to end and returns what it printed.
    func wait() -> Outcome {
        process.waitUntilExit()
        readers.wait()
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
