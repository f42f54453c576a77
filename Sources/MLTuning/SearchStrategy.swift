/// A way of choosing the next points to evaluate. Every strategy minimises: negate the
/// objective to maximise.
///
/// Strategies are values with no hidden state: everything they know comes from the
/// history passed in, so a search can be stopped, stored and resumed, and the same
/// history, seed and count always give the same proposals, bit for bit.
public protocol SearchStrategy: Sendable {
    /// Proposes the next `count` points given every observation so far (in order).
    /// Deterministic: same history, seed and count → same proposals.
    /// Returns fewer (possibly zero) when the strategy is exhausted (grid).
    func propose(history: [Observation], count: Int) -> [Point]
}

/// A convenience driver for benchmarks and tests.
public enum Minimize {
    /// Evaluates `objective` on up to `budget` points, asking `strategy` for `batch` points at
    /// a time, and returns every observation in order. A nil or non-finite objective value is
    /// recorded as a failed trial (nil). Stops early when the strategy is exhausted.
    public static func run(
        _ strategy: any SearchStrategy, budget: Int, batch: Int = 1, objective: (Point) -> Double?
    ) -> [Observation] {
        var history: [Observation] = []
        history.reserveCapacity(Swift.max(budget, 0))
        while history.count < budget {
            let ask = Swift.min(Swift.max(batch, 1), budget - history.count)
            let points = strategy.propose(history: history, count: ask)
            if points.isEmpty { break }
            for point in points.prefix(ask) {
                let value = objective(point)
                history.append(Observation(point: point, value: value.flatMap { $0.isFinite ? $0 : nil }))
            }
        }
        return history
    }

    /// The best finite observation of `history`, the first of equals; nil when every trial failed.
    public static func best(_ history: [Observation]) -> Observation? {
        var best: Observation?
        for observation in history {
            guard let value = observation.finiteValue else { continue }
            if let current = best?.value, current <= value { continue }
            best = observation
        }
        return best
    }
}
