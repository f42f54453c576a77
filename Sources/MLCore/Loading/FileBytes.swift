#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A whole file's bytes in one allocation, plus a zero byte after the end so
/// that scanners may peek one byte past the last field.
final class FileBytes {
    let base: UnsafeMutablePointer<UInt8>
    let count: Int

    init(copying bytes: [UInt8]) {
        count = bytes.count
        base = .allocate(capacity: count + 1)
        bytes.withUnsafeBufferPointer { source in
            if let address = source.baseAddress { base.initialize(from: address, count: count) }
        }
        base[count] = 0
    }

    private init(base: UnsafeMutablePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    deinit { base.deallocate() }

    /// Reads the file at `path` with one `read` loop (no per-line buffering).
    static func read(path: String) throws(RatingFileError) -> FileBytes {
        let descriptor = open(path, O_RDONLY)
        if descriptor < 0 {
            let reason = errno
            if reason == ENOENT || reason == ENOTDIR {
                throw RatingFileError(code: .fileNotFound, message: "file not found", path: path)
            }
            throw RatingFileError(code: .unreadableFile, message: "cannot open the file: \(describe(reason))", path: path)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw RatingFileError(code: .unreadableFile, message: "cannot read the file: \(describe(errno))", path: path)
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            throw RatingFileError(code: .unreadableFile, message: "is a directory, not a file", path: path)
        }
        var capacity = max(Int(status.st_size), 0)
        var base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + 1)
        var filled = 0
        while true {
            if filled == capacity {  // the file grew, or reports no size (a pipe)
                let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: max(capacity * 2, 65_536) + 1)
                larger.moveInitialize(from: base, count: filled)
                base.deallocate()
                base = larger
                capacity = max(capacity * 2, 65_536)
            }
            let got = readBytes(descriptor, base + filled, capacity - filled)
            if got < 0 {
                if errno == EINTR { continue }
                let reason = errno
                base.deallocate()
                throw RatingFileError(code: .unreadableFile, message: "cannot read the file: \(describe(reason))", path: path)
            }
            if got == 0 { break }
            filled += got
        }
        base[filled] = 0
        return FileBytes(base: base, count: filled)
    }

    private static func describe(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}

private func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
