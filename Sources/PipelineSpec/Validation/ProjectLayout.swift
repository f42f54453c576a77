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

    /// Resolves many paths as `resolve` does, each folder once: the outputs
    /// of a large pipeline, mostly in a few folders, cost little each. A folder
    /// asked about often is listed once (`readdir` gives each entry's type),
    /// rather than looked at one `lstat` per name.
    struct Resolver {
        let layout: ProjectLayout
        private var folders: [Substring: String] = [:]
        private var lookups: [String: Int] = [:]
        private var listings: [String: [String: EntryKind]] = [:]

        /// After this many names in one folder, the folder is listed.
        static let listingThreshold = 16

        init(_ layout: ProjectLayout) { self.layout = layout }

        /// `layout.resolve(path)`, and whether a folder is there (following links).
        mutating func resolve(_ path: String) -> (path: String, isDirectory: Bool) {
            let slash = path.lastIndex(of: "/")
            let name = slash.map { path[path.index(after: $0)...] } ?? path[...]
            let parent = slash.map { $0 == path.startIndex ? "/" : path[..<$0] } ?? ""
            guard !name.isEmpty, name != ".", name != ".." else { return whole(path) }
            let folder: String
            if let known = folders[parent] {
                folder = known
            } else {
                folder = layout.resolve(parent.isEmpty ? "." : String(parent))
                folders[parent] = folder
            }
            let candidate = folder == "/" ? "/" + name : folder + "/" + name
            switch kind(of: String(name), in: folder, path: candidate) {
            case .missing, .other: return (candidate, false)
            case .link: return whole(path)
            case .directory: return (candidate, true)
            }
        }

        private mutating func kind(of name: String, in folder: String, path: String) -> EntryKind {
            if let listing = listings[folder] { return listing[name] ?? .missing }
            lookups[folder, default: 0] += 1
            if lookups[folder, default: 0] >= Self.listingThreshold, let listing = ProjectLayout.listing(of: folder) {
                listings[folder] = listing
                return listing[name] ?? .missing
            }
            return ProjectLayout.kind(of: path)
        }

        private func whole(_ path: String) -> (path: String, isDirectory: Bool) {
            let resolved = layout.resolve(path)
            return (resolved, ProjectLayout.isDirectory(resolved))
        }
    }

    enum EntryKind { case missing, link, directory, other }

    /// What is at `path`, without following a final symbolic link.
    static func kind(of path: String) -> EntryKind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFLNK: return .link
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// The entries of `folder` by name, with their kinds; `nil` when it cannot be read.
    static func listing(of folder: String) -> [String: EntryKind]? {
        guard let stream = opendir(folder) else { return nil }
        defer { closedir(stream) }
        var entries: [String: EntryKind] = [:]
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_LNK): entries[name] = .link
            case Int32(DT_DIR): entries[name] = .directory
            // The file system did not say: ask for this one.
            case Int32(DT_UNKNOWN): entries[name] = kind(of: folder + "/" + name)
            default: entries[name] = .other
            }
        }
        return entries
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
