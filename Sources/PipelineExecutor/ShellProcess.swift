import Foundation

/// Runs a shell command with its output going to log files, and terminates it
/// when the surrounding task is cancelled.
enum ShellProcess {
    struct Outcome {
        /// The exit status, or 128 + the signal number when killed by a signal.
        var status: Int32
        /// The last lines of stderr, for the failure message.
        var stderrTail: [String]
    }

    static let tailLines = 10

    static func run(
        command: String, directory: String, environment: [String: String],
        stdoutPath: String, stderrPath: String
    ) async throws -> Outcome {
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        guard let stdout = FileHandle(forWritingAtPath: stdoutPath),
              let stderr = FileHandle(forWritingAtPath: stderrPath) else {
            throw ExecutorError(.commandFailed, "cannot create log files in \((stdoutPath as NSString).deletingLastPathComponent)")
        }
        defer {
            try? stdout.close()
            try? stderr.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, stage in stage }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr

        let box = ProcessBox(process)
        let status: Int32 = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
                process.terminationHandler = { finished in
                    let status = finished.terminationReason == .uncaughtSignal
                        ? 128 + finished.terminationStatus : finished.terminationStatus
                    continuation.resume(returning: status)
                }
                do {
                    try process.run()
                } catch {
                    process.terminationHandler = nil
                    continuation.resume(throwing: ExecutorError(.commandFailed, "cannot start /bin/sh in \(directory): \(error)"))
                }
            }
        } onCancel: {
            box.terminate()
        }
        try Task.checkCancellation()
        return Outcome(status: status, stderrTail: tail(of: stderrPath))
    }

    private static func tail(of path: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        // Only the end matters; a long log is not decoded whole.
        let suffix = data.suffix(16 * 1024)
        let lines = String(decoding: suffix, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        return lines.suffix(tailLines).map(String.init)
    }
}

/// Lets the cancellation handler, which may run on any thread, stop the process.
private final class ProcessBox: @unchecked Sendable {
    private let process: Process
    init(_ process: Process) { self.process = process }
    func terminate() {
        if process.isRunning { process.terminate() }
    }
}
