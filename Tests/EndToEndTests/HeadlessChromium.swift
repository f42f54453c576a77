import Foundation
import Testing

/// Debian's `chromium` in headless mode: renders a page to a PNG and to its
/// DOM, and reports what the page logged to its console.
struct HeadlessChromium {
    let binary: String

    /// `$CHROMIUM`, else the first of the usual names on `PATH`.
    static let found: HeadlessChromium? = {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["CHROMIUM"], FileManager.default.isExecutableFile(atPath: path) {
            return HeadlessChromium(binary: path)
        }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                return HeadlessChromium(binary: folder + "/" + name)
            }
        }
        return nil
    }()

    struct Run {
        var stdout: String
        var stderr: String
        var status: Int32

        /// What the page wrote to its console or threw, as Chromium logs it with `--enable-logging=stderr`.
        var consoleMessages: [String] {
            stderr.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") || $0.contains("Uncaught") }
        }
    }

    /// Renders `page` to a PNG at `screenshot`, `width` × `height` pixels.
    func screenshot(_ page: URL, to screenshot: URL, width: Int, height: Int) throws -> Run {
        try run([
            "--screenshot=\(screenshot.path)", "--window-size=\(width),\(height)", "--hide-scrollbars", page.absoluteString,
        ])
    }

    /// The DOM after the page loaded, serialized as HTML.
    func dumpDOM(_ page: URL) throws -> Run { try run(["--dump-dom", page.absoluteString]) }

    private func run(_ arguments: [String]) throws -> Run {
        // A profile of its own, so that runs side by side do not share one.
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("mass-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments =
            [
                "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--user-data-dir=\(profile.path)",
                "--enable-logging=stderr", "--v=0",
            ] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Both pipes drained at once, so that neither can fill up and stall the browser.
        let group = DispatchGroup()
        nonisolated(unsafe) var stderr = Data()
        DispatchQueue.global().async(group: group) { stderr = err.fileHandleForReading.readDataToEndOfFile() }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Run(
            stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
            status: process.terminationStatus)
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs when Chromium is installed. Without it a local run skips, saying
    /// why; a CI run (`CI=true`) fails, since `.ci/run` installs it.
    static var requiresChromium: Self {
        .enabled(Comment(rawValue: "chromium is not installed (apt-get install -y chromium fonts-liberation)")) {
            if HeadlessChromium.found != nil { return true }
            let ci = ["true", "1", "yes"].contains(ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? "")
            if ci { throw ChromiumMissing() }
            return false
        }
    }
}

struct ChromiumMissing: Error, CustomStringConvertible {
    var description: String { "chromium is required when CI=true: apt-get install -y chromium fonts-liberation" }
}
