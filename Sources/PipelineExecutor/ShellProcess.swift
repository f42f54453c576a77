import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a shell command with its output going to log files, and stops it when
/// the surrounding task is cancelled.
///
/// The command gets its own process group: on cancellation the whole group
/// receives SIGTERM, since `sh` itself waits for its running child before
/// acting on a signal.
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
        try Task.checkCancellation()
        let variables = ProcessInfo.processInfo.environment.merging(environment) { _, stage in stage }
        let pid = try spawn(
            arguments: ["/bin/sh", "-c", "cd \(shellQuoted(directory)) || exit 1\n" + command], directory: directory,
            environment: variables.map { "\($0.key)=\($0.value)" }, stdoutPath: stdoutPath, stderrPath: stderrPath)
        let status = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
                // waitpid blocks: give it a thread of its own rather than a task's.
                Thread.detachNewThread {
                    continuation.resume(returning: waitForExit(pid))
                }
            }
        } onCancel: {
            kill(-pid, SIGTERM)
        }
        try Task.checkCancellation()
        return Outcome(status: status, stderrTail: tail(of: stderrPath))
    }

    private static func spawn(
        arguments: [String], directory: String, environment: [String],
        stdoutPath: String, stderrPath: String
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var pid: pid_t = 0
        let result = withCStrings(arguments) { argv in
            withCStrings(environment) { envp in
                posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
            }
        }
        guard result == 0 else {
            throw ExecutorError(.commandFailed, "cannot start /bin/sh in \(directory): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// `text` in single quotes, for the `cd` that starts the script
    /// (glibc's spawn-time chdir is not visible to Swift).
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static func waitForExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return 127 }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as functions.
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Calls `body` with a NULL-terminated C array of `strings`; `EINVAL` if it cannot be made.
    private static func withCStrings(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Int32) -> Int32
    {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return EINVAL }
            return body(base)
        }
    }

    private static func tail(of path: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        // Only the end matters; a long log is not decoded whole.
        let suffix = data.suffix(16 * 1024)
        let lines = String(decoding: suffix, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        return lines.suffix(tailLines).map(String.init)
    }
}
