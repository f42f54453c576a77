import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a shell command with its output going to log files, and stops it when
/// the surrounding task is cancelled or when mass itself dies.
///
/// The command runs in a process group of its own, under a small `sh`
/// wrapper (`wrapper` below) that also starts a watcher in the group. The
/// watcher reads a socket whose other end only mass holds: when mass exits
/// in any way, SIGKILL included, the read ends and the watcher kills the
/// whole group, so no stage outlives its runner. On cancellation the group
/// receives SIGTERM. When the command exits, whatever it left running in
/// its group is killed and waited for, so that outputs are hashed only once
/// nothing can write them any more.
enum ShellProcess {
    struct Outcome {
        /// The exit status, or 128 + the signal number when killed by a signal.
        var status: Int32
        /// The last lines of stderr, for the failure message.
        var stderrTail: [String]
    }

    static let tailLines = 10

    /// `$1` is the folder, `$2` the command. The watcher is a job of this
    /// wrapper, not of the command's shell, so a `wait` in the command does
    /// not wait for it; the command runs in the foreground, so it keeps the
    /// default handling of SIGINT that background jobs lose.
    static let wrapper = """
        cd "$1" || exit 1
        ( read -r _ <&3; kill -9 0 ) &
        watcher=$!
        /bin/sh -c "$2" 3<&-
        status=$?
        kill "$watcher" 2>/dev/null
        wait "$watcher" 2>/dev/null
        exit "$status"
        """

    /// Runs `command` in `directory`. `started` receives the process group
    /// once it exists (to record it for the next run, should this one die).
    static func run(
        command: String, directory: String, environment: [String: String],
        stdoutPath: String, stderrPath: String, started: (pid_t) -> Void = { _ in }
    ) async throws -> Outcome {
        try Task.checkCancellation()
        let variables = ProcessInfo.processInfo.environment.merging(environment) { _, stage in stage }
        let lifeline = try Lifeline()
        let pid: pid_t
        do {
            pid = try spawn(
                arguments: ["/bin/sh", "-c", wrapper, "mass-stage", directory, command], directory: directory,
                environment: variables.map { "\($0.key)=\($0.value)" }, stdoutPath: stdoutPath, stderrPath: stderrPath,
                lifeline: lifeline.stageEnd)
        } catch {
            lifeline.close()
            throw error
        }
        lifeline.closeStageEnd()
        started(pid)
        let status = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
                // waitpid blocks: give it a thread of its own rather than a task's.
                Thread.detachNewThread {
                    let status = waitForExit(pid)
                    lifeline.close()
                    ProcessGroup.end(pid)
                    continuation.resume(returning: status)
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
        stdoutPath: String, stderrPath: String, lifeline: Int32
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, lifeline, 3)

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

/// The connection whose end tells a stage's watcher that mass is gone: a
/// socket pair, both ends close-on-exec from birth, so that no other child
/// inherits mass's end (which would keep the stage alive after mass died).
final class Lifeline: @unchecked Sendable {
    /// The end the stage gets (as descriptor 3); closed in mass once the stage has started.
    private(set) var stageEnd: Int32
    private var massEnd: Int32
    private let lock = NSLock()

    init() throws {
        var ends: [Int32] = [-1, -1]
        #if os(Linux)
            let made = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends)
        #else
            let made = socketpair(AF_UNIX, SOCK_STREAM, 0, &ends)
            for end in ends where end >= 0 { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        #endif
        guard made == 0 else {
            throw ExecutorError(.commandFailed, "cannot create the stage's lifeline: \(String(cString: strerror(errno)))")
        }
        massEnd = ends[0]
        stageEnd = ends[1]
        // dup2 onto 3 keeps close-on-exec when the end is already 3: move it elsewhere first.
        if stageEnd == 3 {
            let moved = fcntl(stageEnd, F_DUPFD_CLOEXEC, 10)
            closeDescriptor(stageEnd)
            stageEnd = moved
        }
    }

    func closeStageEnd() {
        lock.withLock {
            if stageEnd >= 0 { closeDescriptor(stageEnd) }
            stageEnd = -1
        }
    }

    func close() {
        closeStageEnd()
        lock.withLock {
            if massEnd >= 0 { closeDescriptor(massEnd) }
            massEnd = -1
        }
    }
}

/// Ending what is left of a stage's process group.
enum ProcessGroup {
    /// Kills every process left in group `group` and waits until none is
    /// running (zombies, which cannot write, do not count), for at most a few seconds.
    static func end(_ group: pid_t) {
        var pause: useconds_t = 500
        for _ in 0..<200 {
            if kill(-group, SIGKILL) != 0 && errno == ESRCH { return }
            // Members whose parent mass has become are reaped here; others by their own parent.
            var status: Int32 = 0
            while waitpid(-group, &status, WNOHANG) > 0 {}
            if !hasRunningMember(group) { return }
            usleep(pause)
            pause = min(pause * 2, 50_000)
        }
    }

    /// Whether a process of the group is alive and not a zombie. Without /proc
    /// (macOS) any member counts.
    static func hasRunningMember(_ group: pid_t) -> Bool {
        guard kill(-group, 0) == 0 else { return false }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return true }
        for entry in entries where entry.first?.isNumber == true {
            guard let stat = ProcessStat(pid: entry) else { continue }
            if stat.group == group && stat.state != "Z" && stat.state != "X" { return true }
        }
        return false
    }
}

/// The fields of `/proc/PID/stat` that mass reads (Linux).
struct ProcessStat {
    var state: Character
    var group: pid_t
    /// Clock ticks after boot when the process started.
    var startTime: UInt64

    init?(pid: String) {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        // The command name is in parentheses and may hold spaces: fields follow the last ')'.
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let state = fields[0].first, let group = pid_t(fields[2]),
            let start = UInt64(fields[19])
        else { return nil }
        self.state = state
        self.group = group
        self.startTime = start
    }
}

/// `close(2)`, callable where a method of the same name hides it.
private func closeDescriptor(_ descriptor: Int32) {
    close(descriptor)
}
