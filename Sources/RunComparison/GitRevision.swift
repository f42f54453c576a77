import Foundation

/// Reads files as a git revision holds them, with the `git` command and never
/// through a checkout: the work tree and index are left as they are.
public struct GitRevision: Sendable {
    /// The repository's top folder.
    public let root: String

    /// The repository holding `folder`; throws when there is none or git is missing.
    public init(holding folder: String) throws(ComparisonError) {
        let output = try Self.git(["rev-parse", "--show-toplevel"], in: folder)
        guard let root = output.split(separator: "\n").first.map(String.init), !root.isEmpty else {
            throw ComparisonError("\(folder) is not inside a git repository")
        }
        self.root = root
    }

    /// The short commit id `revision` names.
    public func commit(_ revision: String) throws(ComparisonError) -> String {
        do {
            let output = try Self.git(["rev-parse", "--short", "--verify", "--end-of-options", revision + "^{commit}"], in: root)
            return output.trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw ComparisonError(
                "unknown revision '\(revision)' in the repository at \(root)",
                hint: "name a branch (main), a tag or a commit id; 'git log --oneline' lists them")
        }
    }

    /// The text of the file at `path` (absolute, inside the repository) as `revision` holds it,
    /// or `nil` when the revision has no such file.
    public func text(of path: String, at revision: String) throws(ComparisonError) -> String? {
        _ = try commit(revision)
        let relative = try relativePath(path)
        do {
            return try Self.git(["show", "\(revision):\(relative)"], in: root)
        } catch {
            // `git show` fails for a path the revision lacks; the revision itself was checked above.
            return nil
        }
    }

    func relativePath(_ path: String) throws(ComparisonError) -> String {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let top = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        guard resolved.hasPrefix(top + "/") else { throw ComparisonError("\(path) is outside the repository at \(root)") }
        return String(resolved.dropFirst(top.count + 1))
    }

    static func git(_ arguments: [String], in folder: String) throws(ComparisonError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ComparisonError("cannot run git: \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw ComparisonError("git \(arguments.first ?? ""): \(text.isEmpty ? "failed" : text)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Why two runs cannot be compared: no repository, an unknown revision, no lock file there.
public struct ComparisonError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public let hint: String?

    public init(_ description: String, hint: String? = nil) {
        self.description = description
        self.hint = hint
    }
}
