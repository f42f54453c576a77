import MLCore

/// Simulated annealing in the normalised unit cube.
///
/// The state (current point, temperature, rejections, best point) is replayed from the
/// history, so the strategy itself holds none:
/// - The first point is uniform at random; the first successful trial becomes the current point.
/// - Each later trial is a neighbour of the current point: continuous and integer coordinates
///   move by a Gaussian step of standard deviation `0.25·√(T/T₀)·a` (reflected at the bounds;
///   integers take the value of the bin they land in), and each categorical coordinate switches
///   to another value with probability `0.05 + 0.45·T/T₀`. The factor `a` (between 0.05 and 4)
///   follows the one-fifth success rule: doubled after a trial that improves on the current
///   point, multiplied by 0.84 after one that does not, so the step keeps up with a walk that
///   is still making progress and shrinks onto a minimum.
/// - Metropolis acceptance on the objective (minimisation): a better value is always accepted,
///   a worse one with probability `exp(−Δ / (T·s))`, where `s` is the interquartile range of the
///   values observed so far (so that the temperature is free of the objective's units). A failed
///   trial is rejected.
/// - The temperature starts at `temperature` and is multiplied by `cooling` after every trial.
/// - After `patience` rejections in a row the search restarts from the best point.
///
/// A batch holds independent neighbours of the same current point.
public struct SimulatedAnnealing: SearchStrategy {
    public let space: SearchSpace
    public let seed: UInt64
    public let temperature: Double
    public let cooling: Double
    public let patience: Int

    public init(space: SearchSpace, seed: UInt64, temperature: Double = 1, cooling: Double = 0.9, patience: Int = 10) {
        self.space = space
        self.seed = seed
        self.temperature = temperature > 0 ? temperature : 1
        self.cooling = cooling > 0 && cooling <= 1 ? cooling : 0.9
        self.patience = Swift.max(patience, 1)
    }

    public func propose(history: [Observation], count: Int) -> [Point] {
        guard count > 0 else { return [] }
        let state = replay(history)
        return (0..<count).map { i in
            let index = history.count + i
            guard let current = state.current else {
                return space.point(unit: RandomSearch.uniformUnit(space.count, seed: seed, index: index))
            }
            return neighbour(of: current, temperature: state.temperature, stepScale: state.stepScale, index: index)
        }
    }

    struct State {
        var current: [Double]?
        var currentValue = Double.infinity
        var best: [Double]?
        var bestValue = Double.infinity
        var temperature: Double
        var rejections = 0
        /// The step's multiplier, adapted by the one-fifth success rule.
        var stepScale = 1.0
    }

    func replay(_ history: [Observation]) -> State {
        var state = State(temperature: temperature)
        var sorted: [Double] = []
        for (index, observation) in history.enumerated() {
            defer { state.temperature *= cooling }
            let value = observation.finiteValue
            if let value {
                var low = 0
                var high = sorted.count
                while low < high {
                    let middle = (low + high) / 2
                    if sorted[middle] < value { low = middle + 1 } else { high = middle }
                }
                sorted.insert(value, at: low)
            }
            guard state.current != nil else {
                if let value {
                    let unit = space.unit(of: observation.point)
                    state.current = unit
                    state.currentValue = value
                    state.best = unit
                    state.bestValue = value
                }
                continue
            }
            var accepted = false
            if let value {
                let delta = value - state.currentValue
                if delta <= 0 {
                    accepted = true
                } else {
                    let scale = Self.spread(sorted)
                    var generator = Streams.generator(seed: seed, "anneal acceptance", index: index)
                    accepted = generator.nextUnit() < Math.exp(-delta / (state.temperature * scale))
                }
                if value < state.bestValue {
                    state.best = space.unit(of: observation.point)
                    state.bestValue = value
                }
            }
            // One-fifth rule: an improvement widens the step, anything else narrows it, so that about
            // one trial in five improves.
            let improved = value.map { $0 < state.currentValue } ?? false
            state.stepScale = Swift.min(Swift.max(state.stepScale * (improved ? 2.0 : 0.84), 0.05), 4)
            if accepted, let value {
                state.current = space.unit(of: observation.point)
                state.currentValue = value
                state.rejections = 0
            } else {
                state.rejections += 1
                if state.rejections >= patience {
                    state.current = state.best
                    state.currentValue = state.bestValue
                    state.rejections = 0
                }
            }
        }
        return state
    }

    /// The interquartile range of sorted values, or their range, or 1.
    static func spread(_ sorted: [Double]) -> Double {
        guard sorted.count > 1, let first = sorted.first, let last = sorted.last else { return 1 }
        let interquartile = sorted[(3 * (sorted.count - 1)) / 4] - sorted[(sorted.count - 1) / 4]
        if interquartile > 0 { return interquartile }
        return last > first ? last - first : 1
    }

    func neighbour(of current: [Double], temperature t: Double, stepScale: Double, index: Int) -> Point {
        var generator = Streams.generator(seed: seed, "anneal step", index: index)
        let relative = Swift.min(t / temperature, 1)
        let step = 0.25 * relative.squareRoot() * stepScale
        let switchProbability = 0.05 + 0.45 * relative
        let currentPoint = space.point(unit: current)
        var unit = current
        for (d, dimension) in space.dimensions.enumerated() {
            if case .categorical(let count) = dimension {
                guard count > 1, generator.nextUnit() < switchProbability else { continue }
                var other = generator.nextInt(below: count - 1)
                if Double(other) >= currentPoint[d] { other += 1 }
                unit[d] = (Double(other) + 0.5) / Double(count)
            } else {
                unit[d] = AcquisitionSearch.reflect(current[d] + step * generator.nextGaussian())
            }
        }
        var point = space.point(unit: unit)
        if point == currentPoint {
            // A step too small to change a discrete-only point: move one discrete coordinate by one.
            let discrete = space.dimensions.indices.filter { space.dimensions[$0].valueCount.map { $0 > 1 } ?? false }
            if !discrete.isEmpty {
                let d = discrete[generator.nextInt(below: discrete.count)]
                let values = space.dimensions[d].valueCount ?? 1
                if space.dimensions[d].isCategorical {
                    point[d] = Double((Int(point[d]) + 1 + generator.nextInt(below: values - 1)) % values)
                } else {
                    let up = generator.nextUnit() < 0.5
                    let moved = space.dimensions[d].value(unit: Self.unitOfNeighbour(space.dimensions[d], point[d], up: up))
                    point[d] = moved
                }
            }
        }
        return point
    }

    /// The unit coordinate of the integer next to `value` (the other side at a bound).
    private static func unitOfNeighbour(_ dimension: Dimension, _ value: Double, up: Bool) -> Double {
        guard case .integer(let low, let high, _) = dimension else { return dimension.unit(value: value) }
        var next = value + (up ? 1 : -1)
        if next > Double(high) || next < Double(low) { next = value + (up ? -1 : 1) }
        return dimension.unit(value: next)
    }
}
