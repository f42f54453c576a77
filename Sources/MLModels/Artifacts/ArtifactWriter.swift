/// Appends values to a byte buffer in the artifact encoding: fixed-width
/// little-endian integers and IEEE floats, lengths as UInt64 before arrays
/// and strings, and float arrays as raw bytes so that large matrices are one copy.
public struct ArtifactWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func write(_ value: UInt8) { bytes.append(value) }
    public mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }

    public mutating func write(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ value: Int) { write(UInt64(bitPattern: Int64(value))) }
    public mutating func write(_ value: Double) { write(value.bitPattern) }
    public mutating func write(_ value: Float) { write(value.bitPattern) }

    public mutating func write(_ value: String) {
        let utf8 = Array(value.utf8)
        write(utf8.count)
        bytes.append(contentsOf: utf8)
    }

    public mutating func write(_ range: ClosedRange<Double>) {
        write(range.lowerBound)
        write(range.upperBound)
    }

    public mutating func write(_ values: [Float]) {
        write(values.count)
        appendRaw(values)
    }

    public mutating func write(_ values: [Double]) {
        write(values.count)
        appendRaw(values)
    }

    public mutating func write(_ values: [Int32]) {
        write(values.count)
        appendRaw(values)
    }

    /// Ints as 64-bit values (offsets, counts).
    public mutating func write(_ values: [Int]) {
        write(values.count)
        appendRaw(values.map { Int64($0) })
    }

    /// A nested byte string (another artifact), its length first.
    public mutating func write(bytes values: [UInt8]) {
        write(values.count)
        bytes.append(contentsOf: values)
    }

    public mutating func write(_ values: [String]) {
        write(values.count)
        for value in values { write(value) }
    }

    /// Appends the array's memory as is on little-endian machines, value by value otherwise.
    private mutating func appendRaw<T: FixedWidthRawValue>(_ values: [T]) {
        #if _endian(little)
            values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
            for value in values { withUnsafeBytes(of: value.littleEndianBits) { bytes.append(contentsOf: $0) } }
        #endif
    }
}

/// Values stored as raw fixed-width bit patterns.
protocol FixedWidthRawValue {
    associatedtype Bits: FixedWidthInteger
    var littleEndianBits: Bits { get }
    init(littleEndianBits: Bits)
}

extension Float: FixedWidthRawValue {
    var littleEndianBits: UInt32 { bitPattern.littleEndian }
    init(littleEndianBits: UInt32) { self.init(bitPattern: UInt32(littleEndian: littleEndianBits)) }
}

extension Double: FixedWidthRawValue {
    var littleEndianBits: UInt64 { bitPattern.littleEndian }
    init(littleEndianBits: UInt64) { self.init(bitPattern: UInt64(littleEndian: littleEndianBits)) }
}

extension Int32: FixedWidthRawValue {
    var littleEndianBits: Int32 { littleEndian }
    init(littleEndianBits: Int32) { self.init(littleEndian: littleEndianBits) }
}

extension Int64: FixedWidthRawValue {
    var littleEndianBits: Int64 { littleEndian }
    init(littleEndianBits: Int64) { self.init(littleEndian: littleEndianBits) }
}
