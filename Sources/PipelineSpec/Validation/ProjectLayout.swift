import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a pipeline's files are on disk, with symbolic links resolved: its
/// file, folder, lock file and default cache, and the project it belongs
/// to: the git work tree that holds it, or its folder when there is none.
struct ProjectLayout {
    let pipelineFile: String
    let folder: String
    let root: String
    /// Whether `root` is a git work tree (rather than the pipeline's folder).
    let isGitWorkTree: Bool
    let lockFile: String
    let cacheFolder: String

    /// `nil` when the pipeline's folder does not exist (a pipeline given as text only).
    init?(pipelineFile path: String) {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let url = URL(fileURLWithPath: absolute)
        guard let folder = Self.realPath(url.deletingLastPathComponent().path) else { return nil }
        self.folder = folder
        let name = url.lastPathComponent
        pipelineFile = folder + "/" + name
        let stem = (name as NSString).deletingPathExtension
        lockFile = folder + "/" + (stem.isEmpty ? name : stem) + ".lock"
        cacheFolder = folder + "/.mass"
        var candidate = folder
        while access(candidate + "/.git", F_OK) != 0, candidate != "/" {
            candidate = (candidate as NSString).deletingLastPathComponent
        }
        isGitWorkTree = access(candidate + "/.git", F_OK) == 0
        root = isGitWorkTree ? candidate : folder
    }

    /// `path` (relative to the pipeline's folder) as the kernel would resolve
    /// it: each symbolic link replaced by its target and `..` taken on the
    /// real path. Parts that do not exist yet are taken as written.
    func resolve(_ path: String) -> String {
        var current: [Substring] = path.hasPrefix("/") ? [] : folder.split(separator: "/")
        var pending = path.split(separator: "/")[...]
        var links = 0
        while let part = pending.popFirst() {
            if part == "." { continue }
            if part == ".." {
                _ = current.popLast()
                continue
            }
            let candidate = "/" + (current + [part]).joined(separator: "/")
            if links < 40, let target = Self.linkTarget(candidate) {
                // Forty links deep is a loop (the kernel's own limit); past it the rest is taken as written.
                links += 1
                if target.hasPrefix("/") { current = [] }
                pending = target.split(separator: "/")[...] + pending
                continue
            }
            current.append(part)
        }
        return "/" + current.joined(separator: "/")
    }

    /// Whether `path` is `folder` or inside it.
    static func path(_ path: String, isWithin folder: String) -> Bool {
        path == folder || path.hasPrefix(folder == "/" ? "/" : folder + "/")
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The target of the symbolic link at `path`, or `nil` when it is not one.
    private static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
