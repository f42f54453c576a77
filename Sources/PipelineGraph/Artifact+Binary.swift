/// The binary form of artifacts: a version byte, then one tagged value.
/// Numbers are little-endian; arrays are a count followed by the raw elements,
/// copied in bulk, so a million doubles encode at memory speed.
extension Artifact {
    static let formatVersion: UInt8 = 1

    public func encoded() -> [UInt8] {
        var writer = BinaryWriter()
        writer.bytes.append(Self.formatVersion)
        encode(into: &writer)
        return writer.bytes
    }

    public init(decoding bytes: [UInt8]) throws(ArtifactDecodingError) {
        var reader = BinaryReader(bytes: bytes)
        guard try reader.byte() == Self.formatVersion else { throw ArtifactDecodingError("unknown artifact format version") }
        self = try Artifact.decode(from: &reader, depth: 0)
        guard reader.isAtEnd else { throw ArtifactDecodingError("trailing bytes after the artifact") }
    }

    private enum Tag: UInt8 {
        case none = 0, int, double, string, doubles, floats, int32s, bytes, strings, record
    }

    private func encode(into writer: inout BinaryWriter) {
        switch self {
        case .none: writer.bytes.append(Tag.none.rawValue)
        case .int(let value):
            writer.bytes.append(Tag.int.rawValue)
            writer.integer(UInt64(bitPattern: value))
        case .double(let value):
            writer.bytes.append(Tag.double.rawValue)
            writer.integer(value.bitPattern)
        case .string(let value):
            writer.bytes.append(Tag.string.rawValue)
            writer.string(value)
        case .doubles(let values):
            writer.bytes.append(Tag.doubles.rawValue)
            writer.array(values)
        case .floats(let values):
            writer.bytes.append(Tag.floats.rawValue)
            writer.array(values)
        case .int32s(let values):
            writer.bytes.append(Tag.int32s.rawValue)
            writer.array(values)
        case .bytes(let values):
            writer.bytes.append(Tag.bytes.rawValue)
            writer.array(values)
        case .strings(let values):
            writer.bytes.append(Tag.strings.rawValue)
            writer.integer(UInt64(values.count))
            for value in values { writer.string(value) }
        case .record(let fields):
            writer.bytes.append(Tag.record.rawValue)
            writer.integer(UInt64(fields.count))
            for key in fields.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                writer.string(key)
                fields[key]?.encode(into: &writer)
            }
        }
    }

    /// Records nest; a depth limit keeps a damaged payload from exhausting the stack.
    private static let maximumDepth = 64

    private static func decode(from reader: inout BinaryReader, depth: Int) throws(ArtifactDecodingError) -> Artifact {
        guard depth < maximumDepth else { throw ArtifactDecodingError("records nested too deeply") }
        guard let tag = Tag(rawValue: try reader.byte()) else { throw ArtifactDecodingError("unknown value tag") }
        switch tag {
        case .none: return .none
        case .int: return .int(Int64(bitPattern: try reader.integer()))
        case .double: return .double(Double(bitPattern: try reader.integer()))
        case .string: return .string(try reader.string())
        case .doubles: return .doubles(try reader.array(of: Double.self))
        case .floats: return .floats(try reader.array(of: Float.self))
        case .int32s: return .int32s(try reader.array(of: Int32.self))
        case .bytes: return .bytes(try reader.array(of: UInt8.self))
        case .strings:
            let count = try reader.count(minimumElementSize: 8)
            var values: [String] = []
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(try reader.string()) }
            return .strings(values)
        case .record:
            let count = try reader.count(minimumElementSize: 9)
            var fields: [String: Artifact] = [:]
            for _ in 0..<count {
                let key = try reader.string()
                fields[key] = try decode(from: &reader, depth: depth + 1)
            }
            return .record(fields)
        }
    }
}

/// Why stored bytes are not a valid artifact.
public struct ArtifactDecodingError: Error, CustomStringConvertible, Sendable {
    public var message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Plain numbers whose memory is their little-endian encoding on the hosts we build for.
protocol RawNumber: BitwiseCopyable {}
extension Double: RawNumber {}
extension Float: RawNumber {}
extension Int32: RawNumber {}
extension UInt8: RawNumber {}

struct BinaryWriter {
    var bytes: [UInt8] = []

    mutating func integer(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        integer(UInt64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    mutating func array<T: RawNumber>(_ values: [T]) {
        integer(UInt64(values.count))
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }
}

struct BinaryReader {
    let bytes: [UInt8]
    var offset = 0

    var isAtEnd: Bool { offset == bytes.count }

    mutating func byte() throws(ArtifactDecodingError) -> UInt8 {
        guard offset < bytes.count else { throw ArtifactDecodingError("unexpected end of artifact") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func integer() throws(ArtifactDecodingError) -> UInt64 {
        guard bytes.count - offset >= 8 else { throw ArtifactDecodingError("unexpected end of artifact") }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        offset += 8
        return value
    }

    /// A count that the remaining bytes can hold, so a damaged count cannot cause a huge allocation.
    mutating func count(minimumElementSize: Int) throws(ArtifactDecodingError) -> Int {
        let count = try integer()
        guard count <= UInt64(bytes.count - offset) / UInt64(max(minimumElementSize, 1)) else {
            throw ArtifactDecodingError("count \(count) exceeds the artifact's size")
        }
        return Int(count)
    }

    mutating func string() throws(ArtifactDecodingError) -> String {
        let length = try count(minimumElementSize: 1)
        defer { offset += length }
        return String(decoding: bytes[offset..<(offset + length)], as: UTF8.self)
    }

    mutating func array<T: RawNumber>(of type: T.Type) throws(ArtifactDecodingError) -> [T] {
        let count = try count(minimumElementSize: MemoryLayout<T>.size)
        let byteCount = count * MemoryLayout<T>.size
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + byteCount)]))
            }
            initialized = count
        }
        offset += byteCount
        return values
    }
}
