import PipelineBasics

/// A value and the place in a pipeline file where it was written.
///
/// Equality and hashing look at the value only: two specs that say the same
/// thing are equal wherever their text sits (the render/parse round trip
/// relies on this).
public struct Located<Value>: CustomStringConvertible {
    public var value: Value
    public var position: SourcePosition

    public init(_ value: Value, at position: SourcePosition) {
        self.value = value
        self.position = position
    }

    public func map<T>(_ transform: (Value) -> T) -> Located<T> {
        Located<T>(transform(value), at: position)
    }

    public var description: String { "\(value)" }
}

extension Located: Equatable where Value: Equatable {
    public static func == (lhs: Located, rhs: Located) -> Bool { lhs.value == rhs.value }
}

extension Located: Hashable where Value: Hashable {
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

extension Located: Sendable where Value: Sendable {}
