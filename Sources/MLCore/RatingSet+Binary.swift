/// A compact, exact, versioned byte form of a rating set, for caches:
/// the same ratings always give the same bytes, and decoding checks every
/// length and index so a truncated or corrupted entry is an error, never
/// wrong data.
///
/// Layout (all integers little-endian): magic `MLRS`, format version (u32),
/// flags (u32, bit 0: has times), count, userCount, itemCount (u64 each),
/// then users and items (i32 each), values and times (IEEE 754 binary64 bit
/// patterns).
extension RatingSet {
    static let binaryMagic: [UInt8] = Array("MLRS".utf8)
    static let binaryVersion: UInt32 = 1
    static let headerSize = 36

    /// The ratings as bytes; see the type's layout notes.
    public func encodedBytes() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.headerSize + count * (times == nil ? 16 : 24))
        bytes += Self.binaryMagic
        append(Self.binaryVersion, to: &bytes)
        append(UInt32(times == nil ? 0 : 1), to: &bytes)
        append(UInt64(count), to: &bytes)
        append(UInt64(userCount), to: &bytes)
        append(UInt64(itemCount), to: &bytes)
        for user in users { append(UInt32(bitPattern: user), to: &bytes) }
        for item in items { append(UInt32(bitPattern: item), to: &bytes) }
        for value in values { append(value.bitPattern, to: &bytes) }
        for time in times ?? [] { append(time.bitPattern, to: &bytes) }
        return bytes
    }

    /// Ratings from `encodedBytes()`.
    ///
    /// - Throws: `MLCoreError.invalidEncoding` for a wrong magic or version, a
    ///   length that does not match the header, or an index outside its space.
    public init(encodedBytes bytes: [UInt8]) throws(MLCoreError) {
        var reader = ByteReader(bytes: bytes)
        guard bytes.count >= Self.headerSize, Array(bytes[0..<4]) == Self.binaryMagic else {
            throw Self.corrupt("not a rating set")
        }
        reader.offset = 4
        let version: UInt32 = reader.read()
        guard version == Self.binaryVersion else {
            throw Self.corrupt("format version \(version), expected \(Self.binaryVersion)")
        }
        let flags: UInt32 = reader.read()
        let count = Int(clamping: reader.read() as UInt64)
        let userCount = Int(clamping: reader.read() as UInt64)
        let itemCount = Int(clamping: reader.read() as UInt64)
        let hasTimes = flags & 1 != 0
        let perRow = hasTimes ? 24 : 16
        guard flags & ~1 == 0, count <= (bytes.count - Self.headerSize) / perRow, bytes.count == Self.headerSize + count * perRow
        else {
            throw Self.corrupt("\(bytes.count) bytes do not match the header")
        }
        let users = (0..<count).map { _ in Int32(bitPattern: reader.read() as UInt32) }
        let items = (0..<count).map { _ in Int32(bitPattern: reader.read() as UInt32) }
        let values = (0..<count).map { _ in Double(bitPattern: reader.read() as UInt64) }
        let times = hasTimes ? (0..<count).map { _ in Double(bitPattern: reader.read() as UInt64) } : nil
        guard users.allSatisfy({ $0 >= 0 && Int($0) < userCount }), items.allSatisfy({ $0 >= 0 && Int($0) < itemCount }) else {
            throw Self.corrupt("an index is outside its space")
        }
        self.init(users: users, items: items, values: values, times: times, userCount: userCount, itemCount: itemCount)
    }

    private static func corrupt(_ detail: String) -> MLCoreError {
        MLCoreError(code: .invalidEncoding, message: "invalid rating set encoding: \(detail)")
    }

    private func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        var littleEndian = value.littleEndian
        withUnsafeBytes(of: &littleEndian) { bytes += $0 }
    }
}

/// Reads little-endian integers from a byte array whose length was checked beforehand.
private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func read<T: FixedWidthInteger>() -> T {
        var value: T = 0
        for index in 0..<MemoryLayout<T>.size { value |= T(truncatingIfNeeded: bytes[offset + index]) << (8 * index) }
        offset += MemoryLayout<T>.size
        return value
    }
}
