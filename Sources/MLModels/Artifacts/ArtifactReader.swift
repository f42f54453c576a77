/// Reads values written by `ArtifactWriter`, checking every length against
/// the bytes left, so that damaged or truncated input throws instead of trapping.
public struct ArtifactReader: Sendable {
    private let bytes: [UInt8]
    public private(set) var position: Int
    private let end: Int

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        position = start
        self.end = end ?? bytes.count
    }

    public var isAtEnd: Bool { position == end }

    private mutating func take(_ count: Int) throws(ModelArtifactError) -> Int {
        guard count >= 0, count <= end - position else {
            throw ModelArtifactError(
                .truncated, "needed \(count) bytes at offset \(position), \(end - position) left")
        }
        defer { position += count }
        return position
    }

    public mutating func readByte() throws(ModelArtifactError) -> UInt8 { bytes[try take(1)] }

    public mutating func readBool() throws(ModelArtifactError) -> Bool {
        let byte = try readByte()
        guard byte <= 1 else { throw ModelArtifactError(.malformed, "a flag holds \(byte), not 0 or 1") }
        return byte == 1
    }

    public mutating func readUInt32() throws(ModelArtifactError) -> UInt32 {
        let start = try take(4)
        var value: UInt32 = 0
        for k in 0..<4 { value |= UInt32(bytes[start + k]) << (8 * k) }
        return value
    }

    public mutating func readUInt64() throws(ModelArtifactError) -> UInt64 {
        let start = try take(8)
        var value: UInt64 = 0
        for k in 0..<8 { value |= UInt64(bytes[start + k]) << (8 * k) }
        return value
    }

    public mutating func readInt() throws(ModelArtifactError) -> Int { Int(Int64(bitPattern: try readUInt64())) }

    /// A count or size: an Int that must not be negative.
    public mutating func readCount() throws(ModelArtifactError) -> Int {
        let value = try readInt()
        guard value >= 0 else { throw ModelArtifactError(.malformed, "negative count \(value) at offset \(position - 8)") }
        return value
    }

    public mutating func readDouble() throws(ModelArtifactError) -> Double { Double(bitPattern: try readUInt64()) }
    public mutating func readFloat() throws(ModelArtifactError) -> Float { Float(bitPattern: try readUInt32()) }

    public mutating func readString() throws(ModelArtifactError) -> String {
        let count = try readCount()
        let start = try take(count)
        return String(decoding: bytes[start..<(start + count)], as: UTF8.self)
    }

    public mutating func readRange() throws(ModelArtifactError) -> ClosedRange<Double> {
        let lower = try readDouble(), upper = try readDouble()
        guard lower <= upper else { throw ModelArtifactError(.malformed, "range \(lower)...\(upper) is reversed") }
        return lower...upper
    }

    public mutating func readFloats() throws(ModelArtifactError) -> [Float] { try readRaw(Float.self) }
    public mutating func readDoubles() throws(ModelArtifactError) -> [Double] { try readRaw(Double.self) }
    public mutating func readInt32s() throws(ModelArtifactError) -> [Int32] { try readRaw(Int32.self) }
    public mutating func readInts() throws(ModelArtifactError) -> [Int] { try readRaw(Int64.self).map { Int($0) } }

    /// A byte string written by `write(bytes:)`.
    public mutating func readBytes() throws(ModelArtifactError) -> [UInt8] {
        let count = try readCount()
        guard count <= end - position else {
            throw ModelArtifactError(.truncated, "\(count) bytes cannot fit in \(end - position) bytes")
        }
        let start = try take(count)
        return Array(bytes[start..<(start + count)])
    }

    public mutating func readStrings() throws(ModelArtifactError) -> [String] {
        let count = try readCount()
        // Each string takes at least its 8-byte length: a larger count is damage, not a huge allocation.
        guard count <= (end - position) / 8 else {
            throw ModelArtifactError(.truncated, "\(count) strings cannot fit in \(end - position) bytes")
        }
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try readString()) }
        return values
    }

    private mutating func readRaw<T: FixedWidthRawValue>(_ type: T.Type) throws(ModelArtifactError) -> [T] {
        let count = try readCount()
        let size = MemoryLayout<T>.size
        guard count <= (end - position) / size else {
            throw ModelArtifactError(.truncated, "\(count) values of \(size) bytes cannot fit in \(end - position) bytes")
        }
        let start = try take(count * size)
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                for k in 0..<count {
                    let bits = raw.loadUnaligned(fromByteOffset: start + k * size, as: T.Bits.self)
                    buffer[k] = T(littleEndianBits: bits)
                }
            }
            initialized = count
        }
    }
}
