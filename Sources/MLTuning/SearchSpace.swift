/// One axis of a search space.
///
/// Every strategy works in a normalised unit cube and maps each coordinate
/// `u` in [0, 1] to a value with `value(unit:)`:
/// - `uniform`: linear between the bounds.
/// - `logUniform`: linear in log space (both bounds must be positive).
/// - `integer`: the values `low...high` as equal-width bins of the unit
///   interval (of log space, from `low - 0.5` to `high + 0.5`, when `log`),
///   so that a uniform `u` gives each value its share.
/// - `categorical`: the indices `0..<count` as equal-width bins.
public enum Dimension: Sendable, Hashable {
    case uniform(low: Double, high: Double)
    case logUniform(low: Double, high: Double)
    case integer(low: Int, high: Int, log: Bool)
    /// Values are indices `0..<count`; the caller maps them to its own values.
    case categorical(count: Int)

    /// The value at unit coordinate `u` (clamped into [0, 1]), in the dimension's own scale;
    /// integers and categorical indices are whole numbers.
    public func value(unit u: Double) -> Double {
        let t = Swift.min(Swift.max(u, 0), 1)
        switch self {
        case .uniform(let low, let high):
            return Swift.min(Swift.max(low + t * (high - low), low), high)
        case .logUniform(let low, let high):
            if t == 0 || t == 1 { return t == 0 ? low : high }
            let logLow = Math.log(low)
            let value = Math.exp(logLow + t * (Math.log(high) - logLow))
            return Swift.min(Swift.max(value, low), high)
        case .integer(let low, let high, let log):
            guard high > low else { return Double(low) }
            if log && low >= 1 {
                let a = Math.log(Double(low) - 0.5)
                let b = Math.log(Double(high) + 0.5)
                let rounded = (Math.exp(a + t * (b - a))).rounded(.toNearestOrAwayFromZero)
                return Swift.min(Swift.max(rounded, Double(low)), Double(high))
            }
            let bins = Double(high - low + 1)
            return Double(low) + Swift.min((t * bins).rounded(.down), bins - 1)
        case .categorical(let count):
            guard count > 1 else { return 0 }
            return Swift.min((t * Double(count)).rounded(.down), Double(count - 1))
        }
    }

    /// The unit coordinate of `value`, clamped into [0, 1]: the inverse of `value(unit:)` for
    /// continuous dimensions, the centre of the value's bin for integers and categorical indices.
    public func unit(value: Double) -> Double {
        let u: Double
        switch self {
        case .uniform(let low, let high):
            u = high > low ? (value - low) / (high - low) : 0.5
        case .logUniform(let low, let high):
            u = high > low ? (Math.log(value) - Math.log(low)) / (Math.log(high) - Math.log(low)) : 0.5
        case .integer(let low, let high, let log):
            guard high > low else { return 0.5 }
            let v = value.rounded(.toNearestOrAwayFromZero)
            if log && low >= 1 {
                let a = Math.log(Double(low) - 0.5)
                let b = Math.log(Double(high) + 0.5)
                // The centre of the bin in log space: halfway between the logs of its edges.
                let centre = 0.5 * (Math.log(Swift.max(v - 0.5, 0.5)) + Math.log(v + 0.5))
                u = (centre - a) / (b - a)
            } else {
                u = (v - Double(low) + 0.5) / Double(high - low + 1)
            }
        case .categorical(let count):
            guard count > 1 else { return 0.5 }
            u = (value.rounded(.toNearestOrAwayFromZero) + 0.5) / Double(count)
        }
        return u.isNaN ? 0.5 : Swift.min(Swift.max(u, 0), 1)
    }

    /// The number of distinct values of a discrete dimension; nil for continuous ones.
    public var valueCount: Int? {
        switch self {
        case .uniform, .logUniform: return nil
        case .integer(let low, let high, _): return high >= low ? high - low + 1 : 1
        case .categorical(let count): return Swift.max(count, 1)
        }
    }

    var isCategorical: Bool {
        if case .categorical = self { return true }
        return false
    }
}

/// The dimensions a strategy searches, in the order of a point's coordinates.
public struct SearchSpace: Sendable, Hashable {
    public var dimensions: [Dimension]

    public init(_ dimensions: [Dimension]) { self.dimensions = dimensions }

    public var count: Int { dimensions.count }

    /// The point at unit coordinates `unit` (one per dimension).
    public func point(unit: [Double]) -> Point {
        var point = Point(repeating: 0, count: dimensions.count)
        for d in 0..<Swift.min(dimensions.count, unit.count) { point[d] = dimensions[d].value(unit: unit[d]) }
        return point
    }

    /// The unit coordinates of `point` (missing coordinates are 0.5, the centre).
    public func unit(of point: Point) -> [Double] {
        var unit = [Double](repeating: 0.5, count: dimensions.count)
        for d in 0..<Swift.min(dimensions.count, point.count) { unit[d] = dimensions[d].unit(value: point[d]) }
        return unit
    }

    /// Whether `point` has one coordinate per dimension, each within its bounds
    /// (and whole for integer and categorical dimensions).
    public func contains(_ point: Point) -> Bool {
        guard point.count == dimensions.count else { return false }
        for (value, dimension) in zip(point, dimensions) {
            guard value.isFinite else { return false }
            switch dimension {
            case .uniform(let low, let high), .logUniform(let low, let high):
                if value < low || value > high { return false }
            case .integer(let low, let high, _):
                if value != value.rounded() || value < Double(low) || value > Double(high) { return false }
            case .categorical(let count):
                if value != value.rounded() || value < 0 || value >= Double(Swift.max(count, 1)) { return false }
            }
        }
        return true
    }

    /// Checks every dimension and throws all the problems together: bounds in order and
    /// finite, positive bounds for log scales, at least one category.
    public func validate() throws {
        var problems: [String] = []
        for (index, dimension) in dimensions.enumerated() {
            switch dimension {
            case .uniform(let low, let high):
                if !low.isFinite || !high.isFinite || low > high {
                    problems.append("dimension \(index): uniform bounds \(low)...\(high) are not finite and in order")
                }
            case .logUniform(let low, let high):
                if !low.isFinite || !high.isFinite || low > high || low <= 0 {
                    problems.append("dimension \(index): log-uniform bounds \(low)...\(high) must be positive and in order")
                }
            case .integer(let low, let high, let log):
                if low > high { problems.append("dimension \(index): integer bounds \(low)...\(high) are not in order") }
                if log && low < 1 { problems.append("dimension \(index): a log-scale integer needs a lower bound of 1 or more") }
            case .categorical(let count):
                if count < 1 { problems.append("dimension \(index): a categorical dimension needs at least one value") }
            }
        }
        if !problems.isEmpty { throw TuningError(.invalidSearchSpace, problems.joined(separator: "\n")) }
    }
}

/// A point: one Double per dimension, in the dimension's own scale (integers and
/// categorical indices as whole Doubles).
public typealias Point = [Double]

/// One evaluated point. A nil value is a failed trial, never treated as good; so is a
/// non-finite value.
public struct Observation: Sendable, Hashable {
    public var point: Point
    public var value: Double?

    public init(point: Point, value: Double?) {
        self.point = point
        self.value = value
    }

    /// The value when it is finite, nil for a failed trial.
    var finiteValue: Double? {
        guard let value, value.isFinite else { return nil }
        return value
    }
}
