/// A typed parameter value, checked against its `ParameterDescriptor`.
public enum ParameterValue: Hashable, Sendable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    case list([ParameterValue])

    /// The value as a number, for numeric parameters and bounds.
    public var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var description: String {
        switch self {
        case .int(let value): String(value)
        case .double(let value): formatNumber(value)
        case .bool(let value): String(value)
        case .string(let value): value
        case .list(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        }
    }
}

extension ParameterValue {
    /// The value as messages show it: whole numbers without `.0`, as users write them.
    var messageText: String {
        switch self {
        case .double(let value): formatNumberForMessage(value)
        case .list(let values): "[" + values.map(\.messageText).joined(separator: ", ") + "]"
        default: description
        }
    }
}

/// A number as messages show it: `16` rather than `16.0`. Not for rendering
/// specs, where `5.0` must read back as a double.
public func formatNumberForMessage(_ value: Double) -> String {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return formatNumber(value)
}

/// Shortest text that reads back as the same double (`5.0` stays a double
/// when a rendered spec is read again).
func formatNumber(_ value: Double) -> String {
    if value.isNaN { return ".nan" }
    if value.isInfinite { return value > 0 ? ".inf" : "-.inf" }
    return "\(value)"
}
