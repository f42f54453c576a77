/// The value an operation produces and its dependants receive: numeric arrays,
/// strings and small records of them. The cache stores it in a compact binary
/// form (`Artifact+Binary.swift`); models keep their parameters as flat arrays.
public indirect enum Artifact: Sendable, Hashable {
    case none
    case int(Int64)
    case double(Double)
    case string(String)
    case doubles([Double])
    case floats([Float])
    case int32s([Int32])
    case bytes([UInt8])
    case strings([String])
    /// Named fields; encoded in key order, so equal records give equal bytes.
    case record([String: Artifact])
}

extension Artifact {
    /// The field `name` of a record, or `nil`.
    public subscript(field name: String) -> Artifact? {
        guard case .record(let fields) = self else { return nil }
        return fields[name]
    }

    public var doubleArray: [Double]? {
        if case .doubles(let values) = self { return values }
        return nil
    }

    public var floatArray: [Float]? {
        if case .floats(let values) = self { return values }
        return nil
    }

    public var int32Array: [Int32]? {
        if case .int32s(let values) = self { return values }
        return nil
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var doubleValue: Double? {
        switch self {
        case .double(let value): value
        case .int(let value): Double(value)
        default: nil
        }
    }
}
