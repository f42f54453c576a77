#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A node's declared output files around its run. Before it: a file that
/// mass wrote as this node's output (its hash is recorded for the node) is
/// removed, so that a stale one cannot pass for a new one; anything else is
/// left alone and remembered, and a folder stops the node before it runs.
/// After it: every output must be a file that the run wrote.
struct OutputFiles {
    /// What was at an output path before the run, to tell afterwards whether the run wrote it.
    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modificationNanoseconds: Int64
        var changeNanoseconds: Int64
    }

    enum Kind { case missing, file, folder, other }

    /// Paths relative to the work tree, and their resolved form.
    let paths: [(declared: String, resolved: String)]
    private(set) var before: [String: Identity] = [:]

    init(paths: [(declared: String, resolved: String)]) {
        self.paths = paths
    }

    /// Clears the way for the run. `wroteEarlier(path, resolved)` says whether
    /// mass itself wrote the file now at `path` as this node's output.
    mutating func prepare(wroteEarlier: (String, String) -> Bool) throws(ExecutorError) {
        for (declared, resolved) in paths {
            switch Self.kind(resolved) {
            case .missing:
                break
            case .folder:
                throw Self.folderError(declared)
            case .file where wroteEarlier(declared, resolved):
                unlink(resolved)
            case .file, .other:
                before[declared] = Self.identity(resolved)
            }
            makeParentFolders(of: resolved)
        }
    }

    /// Checks that the run wrote every output as a file.
    func check() throws(ExecutorError) {
        for (declared, resolved) in paths {
            switch Self.kind(resolved) {
            case .missing:
                throw ExecutorError(.missingOutput, "declared output \(declared) was not written")
            case .folder:
                throw Self.folderError(declared)
            case .file, .other:
                if let earlier = before[declared], earlier == Self.identity(resolved) {
                    throw ExecutorError(
                        .missingOutput, "declared output \(declared) was not written: the file there is older than this run")
                }
            }
        }
    }

    private static func folderError(_ declared: String) -> ExecutorError {
        ExecutorError(
            .missingOutput,
            "declared output \(declared) is a folder; outputs are files: declare the files the stage writes in it")
    }

    static func kind(_ path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        case S_IFLNK:
            // A link to a folder is a folder for this purpose; one to a file is read through.
            var target = stat()
            guard stat(path, &target) == 0 else { return .other }
            return (target.st_mode & S_IFMT) == S_IFDIR ? .folder : .file
        default: return .other
        }
    }

    static func identity(_ path: String) -> Identity? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
            let modification = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
            let change = Int64(info.st_ctimespec.tv_sec) * 1_000_000_000 + Int64(info.st_ctimespec.tv_nsec)
        #else
            let modification = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
            let change = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
        #endif
        return Identity(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modificationNanoseconds: modification, changeNanoseconds: change)
    }

    private func makeParentFolders(of path: String) {
        var prefix = ""
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        for (index, part) in parts.enumerated() {
            prefix += index == 0 ? String(part) : "/" + part
            if !prefix.isEmpty { mkdir(prefix, 0o755) }
        }
    }
}
