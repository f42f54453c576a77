#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Directories held open for one batch of file lookups
/// (`StatCache.hashes(ofFiles:)`): a file's status is asked of its directory,
/// and the kernel looks up one name instead of walking the whole path again.
/// They are closed when the batch ends, so that no later lookup goes through
/// a directory that was replaced in the meantime. Used by one thread.
final class OpenDirectories {
    private var descriptors: [String: Int32] = [:]
    // Most files of a batch share a folder: the last one is checked first.
    private var lastDirectory = ""
    private var lastDescriptor: Int32 = -1

    deinit {
        for descriptor in descriptors.values where descriptor >= 0 { close(descriptor) }
    }

    /// The status of the file at the absolute `path`, as `PosixFile.status(path)` gives it.
    func status(_ path: String) -> PosixFile.Status? {
        let bytes = path.utf8
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")), slash > bytes.startIndex,
            bytes.index(after: slash) < bytes.endIndex
        else { return PosixFile.status(path) }
        let descriptor = descriptor(of: path[..<slash])
        guard descriptor >= 0 else { return PosixFile.status(path) }
        let nameOffset = bytes.distance(from: bytes.startIndex, to: slash) + 1
        return path.withCString { PosixFile.status($0 + nameOffset, in: descriptor) }
    }

    /// An open descriptor of `directory`, or -1 when it cannot be opened.
    private func descriptor(of directory: Substring) -> Int32 {
        if directory.utf8.elementsEqual(lastDirectory.utf8) { return lastDescriptor }
        let name = String(directory)
        let descriptor = descriptors[name] ?? open(name, Self.openFlags)
        descriptors[name] = descriptor
        lastDirectory = name
        lastDescriptor = descriptor
        return descriptor
    }

    // A folder that cannot be opened to read (no permission) is looked up by the whole path instead.
    private static let openFlags = O_RDONLY | O_DIRECTORY | O_CLOEXEC
}
