/// Exhaustive search over a cartesian product of values, in a fixed order (the last
/// dimension varies fastest), skipping points already in the history; proposes nothing
/// once every point has been seen.
///
/// The values of each dimension:
/// - `uniform`: `points` evenly spaced values from low to high (the midpoint when `points` is 1);
/// - `logUniform`: the same, evenly spaced in log space;
/// - `integer`: every value when there are at most `points` of them, otherwise `points`
///   evenly spaced values (in log space when `log`) rounded, without repeats;
/// - `categorical`: every index.
public struct GridSearch: SearchStrategy {
    public let space: SearchSpace
    public let points: Int
    /// The values of each dimension, in order.
    public let values: [[Double]]
    /// The number of points in the grid (`Int.max` when it does not fit).
    public let size: Int

    public init(space: SearchSpace, points: Int = 5) {
        self.space = space
        self.points = Swift.max(points, 1)
        let values = space.dimensions.map { Self.values(of: $0, points: Swift.max(points, 1)) }
        self.values = values
        var size = 1
        for axis in values {
            let (product, overflow) = size.multipliedReportingOverflow(by: axis.count)
            size = overflow ? Int.max : product
            if overflow { break }
        }
        self.size = size
    }

    public func propose(history: [Observation], count: Int) -> [Point] {
        guard count > 0 else { return [] }
        let seen = Set(history.map(\.point))
        var proposals: [Point] = []
        var index = 0
        while proposals.count < count && index < size {
            let point = self.point(at: index)
            if !seen.contains(point) { proposals.append(point) }
            index += 1
        }
        return proposals
    }

    /// Grid point `index` (0..<size) in mixed radix, the last dimension fastest.
    public func point(at index: Int) -> Point {
        var point = Point(repeating: 0, count: values.count)
        var rest = index
        for d in stride(from: values.count - 1, through: 0, by: -1) {
            let axis = values[d]
            point[d] = axis[rest % axis.count]
            rest /= axis.count
        }
        return point
    }

    static func values(of dimension: Dimension, points: Int) -> [Double] {
        func fraction(_ i: Int) -> Double { points == 1 ? 0.5 : Double(i) / Double(points - 1) }
        switch dimension {
        case .uniform(let low, let high):
            guard high > low else { return [low] }
            return (0..<points).map { i in
                i == 0 && points > 1 ? low : i == points - 1 && points > 1 ? high : low + fraction(i) * (high - low)
            }
        case .logUniform(let low, let high):
            guard high > low else { return [low] }
            let a = Math.log(low)
            let b = Math.log(high)
            return (0..<points).map { i in
                i == 0 && points > 1 ? low : i == points - 1 && points > 1 ? high : Math.exp(a + fraction(i) * (b - a))
            }
        case .integer(let low, let high, let log):
            guard high > low else { return [Double(low)] }
            if high - low + 1 <= points { return (low...high).map(Double.init) }
            var chosen: [Double] = []
            for i in 0..<points {
                let value: Double
                if log && low >= 1 {
                    let a = Math.log(Double(low))
                    let b = Math.log(Double(high))
                    value = Math.exp(a + fraction(i) * (b - a)).rounded(.toNearestOrAwayFromZero)
                } else {
                    value = (Double(low) + fraction(i) * Double(high - low)).rounded(.toNearestOrAwayFromZero)
                }
                let clamped = Swift.min(Swift.max(value, Double(low)), Double(high))
                if chosen.last != clamped { chosen.append(clamped) }
            }
            return chosen
        case .categorical(let count):
            return (0..<Swift.max(count, 1)).map(Double.init)
        }
    }
}
