import MLCore

extension FactorizationMachine {
    public struct Fitted: TimedPointPredictor {
        let state: State
        let factors: Int
        let space: FeatureSpace
        /// Features that occurred in training; the others keep their initial weights and are left out.
        let seen: [Bool]
        public let scale: ClosedRange<Double>
        public let epochLosses: [Double]
        public internal(set) var trainingReport = TrainingReport()

        /// The rating of `user` for `item` at `time` (seconds since 1970, for
        /// context features; without a time the context features are left out).
        public func estimate(user: Int32, item: Int32, time: Double?) -> (value: Double, fallback: PredictionFallback) {
            var fallback: PredictionFallback = []
            let u = Int(user), i = Int(item)
            if u < 0 || u >= space.userCount || !seen[u] { fallback.insert(.unknownUser) }
            if i < 0 || i >= space.itemCount || !seen[space.userCount + i] { fallback.insert(.unknownItem) }
            let width = max(space.widestRow, 1)
            let value = withUnsafeTemporaryAllocation(of: Int32.self, capacity: width) { indices in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: width + factors) { scratch -> Float in
                    guard let indices = indices.baseAddress, let xs = scratch.baseAddress else { return state.bias }
                    let sums = xs + width
                    return seen.withUnsafeBufferPointer { seen in
                        let n = space.gather(
                            user: u, item: i, context: { position in time.map { space.contexts[position].value(at: $0) } },
                            into: indices, values: xs, seen: seen.baseAddress)
                        return state.linear.withUnsafeBufferPointer { linear in
                            state.factors.withUnsafeBufferPointer { factorRows in
                                guard let base = factorRows.baseAddress else { return state.bias }
                                return FactorizationMachine.score(
                                    bias: state.bias, features: indices, values: xs, count: n, factors: factors,
                                    linear: { linear[$0] }, row: { base + $0 * factors }, sums: sums)
                            }
                        }
                    }
                }
            }
            return (Double(value), fallback)
        }
    }
}
