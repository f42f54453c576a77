import Foundation
import PipelineExecutor

/// Shows a run's progress on standard error. On a terminal: a line per
/// finished node and a live status line (done/total, running nodes with
/// their elapsed time, ETA). Elsewhere, or with CI=true: plain lines only.
final class ProgressRenderer: @unchecked Sendable {
    enum Mode { case live, plain, quiet }

    private let mode: Mode
    private let verbose: Bool
    private let lock = NSLock()
    private var total = 0
    private var finished = 0
    private var started = Date()
    private var running: [String: Date] = [:]
    private var reasons: [String: String]
    /// Nodes that ran and wrote what they had written before.
    private var unchanged: Set<String> = []
    private var ticker: DispatchSourceTimer?
    private var statusShown = false
    /// Plain lines not yet written: a run of cached nodes finishes thousands of
    /// nodes in a few milliseconds, and a write per line cost more than the rest
    /// of their bookkeeping. Written at least every `flushInterval`, and
    /// whenever a node starts or fails and at the end.
    private var pending: [UInt8] = []
    private var lastFlush = ContinuousClock.now
    private static let flushInterval = Duration.milliseconds(100)

    init(mode: Mode, verbose: Bool, reasons: [String: String] = [:]) {
        self.mode = mode
        self.verbose = verbose
        self.reasons = reasons
    }

    static func mode(quiet: Bool) -> Mode {
        if quiet { return .quiet }
        let ci = ProcessInfo.processInfo.environment["CI"]?.lowercased()
        let onTerminal = isatty(STDERR_FILENO) == 1 && ci != "true" && ci != "1"
        return onTerminal ? .live : .plain
    }

    func handle(_ event: ProgressEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .started(let total, _):
            self.total = total
            started = Date()
            if mode == .live { startTicker() }
        case .nodeStarted(let id):
            running[id] = Date()
            flush()
        case .nodeFinished(let id, let milliseconds, let cached):
            running[id] = nil
            finished += 1
            guard mode != .quiet else { return }
            let what = cached ? "cached" : Self.duration(milliseconds)
            var line = "[\(finished)/\(total)] \(id) — \(what)"
            if verbose, !cached {
                var why = reasons[id].map { [$0] } ?? []
                if unchanged.contains(id) { why.append("output unchanged: dependants kept") }
                if !why.isEmpty { line += " (\(why.joined(separator: "; ")))" }
            }
            emit(line)
        case .outputUnchanged(let id):
            unchanged.insert(id)
        case .nodeRecomputed(let id, let milliseconds):
            emit(
                "[\(finished)/\(total)] \(id) — \(Self.duration(milliseconds)) (computed again: its cache entry was missing or damaged)"
            )
        case .nodeFailed(let id, let message):
            running[id] = nil
            finished += 1
            emit(
                "[\(finished)/\(total)] FAILED \(id)\n"
                    + message.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"),
                failure: true)
        case .nodeSkipped(let id, let dependency):
            finished += 1
            if verbose { emit("[\(finished)/\(total)] skipped \(id) (\(dependency) failed)") }
        case .finished:
            flush()
            ticker?.cancel()
            ticker = nil
            clearStatus()
        }
    }

    /// Prints a line above the status line; with `--quiet`, failures only. Called with the lock held.
    private func emit(_ line: @autoclosure () -> String, failure: Bool = false) {
        guard mode != .quiet || failure else { return }
        let line = line()
        if mode == .plain {
            pending += (line + "\n").utf8
            if failure || ContinuousClock.now - lastFlush >= Self.flushInterval { flush() }
            return
        }
        clearStatus()
        FileHandle.standardError.write(Data((line + "\n").utf8))
        drawStatus()
    }

    /// Writes the pending plain lines. Called with the lock held.
    private func flush() {
        lastFlush = ContinuousClock.now
        guard !pending.isEmpty else { return }
        FileHandle.standardError.write(Data(pending))
        pending.removeAll(keepingCapacity: true)
    }

    private func clearStatus() {
        guard mode == .live, statusShown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        statusShown = false
    }

    private func drawStatus() {
        guard mode == .live, total > 0 else { return }
        let now = Date()
        let runningText = running.sorted { $0.value < $1.value }.prefix(3)
            .map { "\($0.key) (\(Self.duration(Int(now.timeIntervalSince($0.value) * 1000))))" }.joined(separator: ", ")
        var status = "\(finished)/\(total) done"
        if !runningText.isEmpty { status += " · running: " + runningText + (running.count > 3 ? ", …" : "") }
        if finished > 0, finished < total {
            let perNode = now.timeIntervalSince(started) / Double(finished)
            status += " · ETA \(Self.duration(Int(perNode * Double(total - finished) * 1000)))"
        }
        let width = Int(terminalWidth())
        if status.count > width - 1 { status = String(status.prefix(max(10, width - 2))) + "…" }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + status).utf8))
        statusShown = true
    }

    private func startTicker() {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "mass.progress"))
        timer.schedule(deadline: .now() + 0.2, repeating: 0.2)
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            self.lock.lock()
            self.drawStatus()
            self.lock.unlock()
        }
        timer.resume()
        ticker = timer
    }

    private func terminalWidth() -> UInt16 {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 100 }
        return size.ws_col
    }

    static func duration(_ milliseconds: Int) -> String {
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        if milliseconds < 60_000 { return String(format: "%.1f s", Double(milliseconds) / 1000) }
        return "\(milliseconds / 60_000) min \(milliseconds / 1000 % 60) s"
    }
}
