import Crypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SHA-256 content hashes, as lowercase hex.
public enum ContentHash {
    /// The hash of `bytes`.
    public static func of(_ bytes: some DataProtocolLike) -> String {
        var hasher = SHA256()
        bytes.withBytes { hasher.update(bufferPointer: $0) }
        return hex(hasher.finalize())
    }

    /// The hash of a file's content, read in large sequential chunks.
    public static func ofFile(at path: String) throws(CacheError) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system("open", path: path) }
        defer { close(descriptor) }
        #if canImport(Glibc)
            _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: PosixFile.bufferSize, alignment: 4096)
        defer { buffer.deallocate() }
        guard let base = buffer.baseAddress else { return hex(SHA256().finalize()) }
        var hasher = SHA256()
        while true {
            let count = read(descriptor, base, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw .system("read", path: path)
            }
            if count == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return hex(hasher.finalize())
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        var characters: [UInt8] = []
        characters.reserveCapacity(64)
        for byte in digest {
            characters.append(hexDigit(byte >> 4))
            characters.append(hexDigit(byte & 0x0f))
        }
        return String(decoding: characters, as: UTF8.self)
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    /// True for a 64-digit lowercase hex string, the only form the store accepts as a key.
    static func isValid(_ hash: String) -> Bool {
        hash.utf8.count == 64 && hash.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

/// Contiguous bytes the hasher can read without copying: `[UInt8]`, `ArraySlice<UInt8>`, strings' UTF-8.
public protocol DataProtocolLike {
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension Array: DataProtocolLike where Element == UInt8 {
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(body)
    }
}

extension ArraySlice: DataProtocolLike where Element == UInt8 {
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(body)
    }
}
