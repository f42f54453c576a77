import Crypto

/// The frame around every stored artifact: a magic tag, the payload length,
/// the key the entry is stored under and a SHA-256 over that key and the
/// payload, so that a truncated or corrupted entry is detected on read, and
/// so is an intact entry of another key copied over this one.
///
///     "MASSENT2" | payload length (UInt64, little-endian) | key (32 bytes) | SHA-256(key ‖ payload) (32 bytes) | payload
///
/// Entries of the first format (`MASSENT1` | length | SHA-256(payload) | payload) still read.
enum EntryFormat {
    static let magic = Array("MASSENT2".utf8)
    static let firstMagic = Array("MASSENT1".utf8)
    static let headerSize = magic.count + 8 + 32 + 32
    static let firstHeaderSize = magic.count + 8 + 32

    /// `key` is a valid 64-digit hex key.
    static func frame(_ payload: [UInt8], key: String) -> [UInt8] {
        let keyBytes = raw(key)
        var bytes = magic
        bytes.reserveCapacity(headerSize + payload.count)
        withUnsafeBytes(of: UInt64(payload.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: keyBytes)
        bytes.append(contentsOf: checksum(payload[...], key: keyBytes))
        bytes.append(contentsOf: payload)
        return bytes
    }

    /// The payload of the entry stored under `key`, or why it cannot be trusted.
    static func unframe(_ bytes: [UInt8], key: String) -> Result<[UInt8], Problem> {
        guard bytes.count >= firstHeaderSize else { return .failure(.truncated(bytes.count)) }
        let tag = bytes.prefix(magic.count)
        if tag.elementsEqual(firstMagic) { return unframeFirst(bytes) }
        guard tag.elementsEqual(magic) else { return .failure(.badMagic) }
        guard bytes.count >= headerSize else { return .failure(.truncated(bytes.count)) }
        let length = self.length(bytes)
        let available = UInt64(bytes.count - headerSize)
        guard length == available else { return .failure(.lengthMismatch(expected: length, found: available)) }
        let storedKey = Array(bytes[16..<48])
        let payload = bytes[headerSize...]
        guard checksum(payload, key: storedKey).elementsEqual(bytes[48..<80]) else { return .failure(.checksumMismatch) }
        guard storedKey == raw(key) else { return .failure(.otherKey) }
        return .success(Array(payload))
    }

    private static func unframeFirst(_ bytes: [UInt8]) -> Result<[UInt8], Problem> {
        let length = self.length(bytes)
        let available = UInt64(bytes.count - firstHeaderSize)
        guard length == available else { return .failure(.lengthMismatch(expected: length, found: available)) }
        let payload = bytes[firstHeaderSize...]
        guard SHA256.hash(data: payload).elementsEqual(bytes[16..<firstHeaderSize]) else {
            return .failure(.checksumMismatch)
        }
        return .success(Array(payload))
    }

    private static func length(_ bytes: [UInt8]) -> UInt64 {
        var length: UInt64 = 0
        for (shift, byte) in bytes[8..<16].enumerated() { length |= UInt64(byte) << (8 * UInt64(shift)) }
        return length
    }

    private static func checksum(_ payload: ArraySlice<UInt8>, key: [UInt8]) -> SHA256.Digest {
        var hasher = SHA256()
        hasher.update(data: key)
        hasher.update(data: payload)
        return hasher.finalize()
    }

    /// The 32 bytes a 64-digit hex key stands for.
    private static func raw(_ key: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var high: UInt8?
        for digit in key.utf8 {
            let value: UInt8 =
                switch digit {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
                default: 0
                }
            if let first = high {
                bytes.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return bytes
    }

    enum Problem: Error, CustomStringConvertible {
        case truncated(Int)
        case badMagic
        case lengthMismatch(expected: UInt64, found: UInt64)
        case checksumMismatch
        case otherKey

        var description: String {
            switch self {
            case .truncated(let size): "truncated header (\(size) bytes)"
            case .badMagic: "not a cache entry"
            case .lengthMismatch(let expected, let found): "payload is \(found) bytes, header says \(expected)"
            case .checksumMismatch: "checksum mismatch"
            case .otherKey: "it holds another key's result"
            }
        }
    }
}
