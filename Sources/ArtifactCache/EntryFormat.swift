import Crypto

/// The frame around every stored artifact: a magic tag, the payload length and
/// the payload's SHA-256, so a truncated or corrupted entry is detected on read.
///
///     "MASSENT1" | payload length (UInt64, little-endian) | SHA-256 (32 bytes) | payload
enum EntryFormat {
    static let magic = Array("MASSENT1".utf8)
    static let headerSize = magic.count + 8 + 32

    static func frame(_ payload: [UInt8]) -> [UInt8] {
        var bytes = magic
        bytes.reserveCapacity(headerSize + payload.count)
        withUnsafeBytes(of: UInt64(payload.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: SHA256.hash(data: payload))
        bytes.append(contentsOf: payload)
        return bytes
    }

    /// The payload, or why the entry cannot be trusted.
    static func unframe(_ bytes: [UInt8]) -> Result<[UInt8], Problem> {
        guard bytes.count >= headerSize else { return .failure(.truncated(bytes.count)) }
        guard bytes.prefix(magic.count).elementsEqual(magic) else { return .failure(.badMagic) }
        var length: UInt64 = 0
        for (shift, byte) in bytes[magic.count..<(magic.count + 8)].enumerated() {
            length |= UInt64(byte) << (8 * UInt64(shift))
        }
        let available = UInt64(bytes.count - headerSize)
        guard length == available else { return .failure(.lengthMismatch(expected: length, found: available)) }
        let payload = Array(bytes[headerSize...])
        let checksum = bytes[(magic.count + 8)..<headerSize]
        guard SHA256.hash(data: payload).elementsEqual(checksum) else { return .failure(.checksumMismatch) }
        return .success(payload)
    }

    enum Problem: Error, CustomStringConvertible {
        case truncated(Int)
        case badMagic
        case lengthMismatch(expected: UInt64, found: UInt64)
        case checksumMismatch

        var description: String {
            switch self {
            case .truncated(let size): "truncated header (\(size) bytes)"
            case .badMagic: "not a cache entry"
            case .lengthMismatch(let expected, let found): "payload is \(found) bytes, header says \(expected)"
            case .checksumMismatch: "checksum mismatch"
            }
        }
    }
}
