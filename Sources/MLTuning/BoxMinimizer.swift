/// A function to minimise with its gradient, for `BoxMinimizer`.
protocol BoxObjective {
    /// The value at `x`, with the gradient written into `gradient`; a non-finite value marks a
    /// point to step back from.
    mutating func evaluate(_ x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double
}

/// Limited-memory BFGS with box constraints by projection: variables at a bound whose gradient
/// pushes outwards are held fixed for the step, the quasi-Newton direction is taken over the
/// free ones, and a backtracking (Armijo) search runs along the projected path. A variable with
/// equal bounds never moves. Small and deterministic; not a full L-BFGS-B.
struct BoxMinimizer {
    var memory = 8
    var maximumIterations = 50
    /// Stops when no projected-gradient component exceeds this.
    var gradientTolerance = 1e-6
    /// Stops when a step lowers the value by less than this, relative to max(1, |f|).
    var valueTolerance = 1e-10

    /// Minimises from `x` (projected into the box first) and leaves the best point found in `x`;
    /// returns its value and the number of evaluations.
    @discardableResult
    func minimize<F: BoxObjective>(
        _ objective: inout F, x: inout [Double], lower: [Double], upper: [Double]
    ) -> (value: Double, evaluations: Int) {
        let n = x.count
        guard n > 0 else { return (.nan, 0) }
        var gradient = [Double](repeating: 0, count: n)
        var trial = [Double](repeating: 0, count: n)
        var trialGradient = [Double](repeating: 0, count: n)
        var direction = [Double](repeating: 0, count: n)
        var s = [Double](repeating: 0, count: memory * n)
        var y = [Double](repeating: 0, count: memory * n)
        var rho = [Double](repeating: 0, count: memory)
        var alpha = [Double](repeating: 0, count: memory)
        var stored = 0
        var newest = -1
        for i in 0..<n { x[i] = Swift.min(Swift.max(x[i], lower[i]), upper[i]) }
        var value = x.withUnsafeBufferPointer { point in
            gradient.withUnsafeMutableBufferPointer { objective.evaluate(point, gradient: $0) }
        }
        var evaluations = 1
        guard value.isFinite else { return (value, evaluations) }

        for _ in 0..<maximumIterations {
            var largest = 0.0
            for i in 0..<n {
                let moved = Swift.min(Swift.max(x[i] - gradient[i], lower[i]), upper[i]) - x[i]
                largest = Swift.max(largest, Swift.abs(moved))
            }
            if largest <= gradientTolerance { break }

            // Two-loop recursion over the free variables.
            for i in 0..<n { direction[i] = isFixed(i, x, gradient, lower, upper) ? 0 : gradient[i] }
            var slot = newest
            for _ in 0..<stored {
                var a = 0.0
                for i in 0..<n { a += s[slot * n + i] * direction[i] }
                a *= rho[slot]
                alpha[slot] = a
                for i in 0..<n { direction[i] -= a * y[slot * n + i] }
                slot = (slot - 1 + memory) % memory
            }
            if stored > 0 {
                var sy = 0.0
                var yy = 0.0
                for i in 0..<n {
                    sy += s[newest * n + i] * y[newest * n + i]
                    yy += y[newest * n + i] * y[newest * n + i]
                }
                let gamma = yy > 0 ? sy / yy : 1
                for i in 0..<n { direction[i] *= gamma }
            } else {
                // First step: at most a unit move of the largest component.
                var norm = 0.0
                for i in 0..<n { norm = Swift.max(norm, Swift.abs(direction[i])) }
                if norm > 1 { for i in 0..<n { direction[i] /= norm } }
            }
            slot = (newest - stored + 1 + memory) % memory
            for _ in 0..<stored {
                var b = 0.0
                for i in 0..<n { b += y[slot * n + i] * direction[i] }
                b *= rho[slot]
                for i in 0..<n { direction[i] += s[slot * n + i] * (alpha[slot] - b) }
                slot = (slot + 1) % memory
            }
            var slope = 0.0
            for i in 0..<n {
                direction[i] = isFixed(i, x, gradient, lower, upper) ? 0 : -direction[i]
                slope += direction[i] * gradient[i]
            }
            if !(slope < 0) {
                // Not a descent direction: fall back to steepest descent and forget the history.
                stored = 0
                newest = -1
                var norm = 0.0
                for i in 0..<n {
                    direction[i] = isFixed(i, x, gradient, lower, upper) ? 0 : -gradient[i]
                    norm = Swift.max(norm, Swift.abs(direction[i]))
                }
                if norm > 1 { for i in 0..<n { direction[i] /= norm } }
            }

            // Backtracking along the projected path.
            var step = 1.0
            var accepted = false
            var trialValue = value
            for _ in 0..<30 {
                var decrease = 0.0
                for i in 0..<n {
                    trial[i] = Swift.min(Swift.max(x[i] + step * direction[i], lower[i]), upper[i])
                    decrease += gradient[i] * (trial[i] - x[i])
                }
                trialValue = trial.withUnsafeBufferPointer { point in
                    trialGradient.withUnsafeMutableBufferPointer { objective.evaluate(point, gradient: $0) }
                }
                evaluations += 1
                if trialValue.isFinite && trialValue <= value + 1e-4 * decrease {
                    accepted = true
                    break
                }
                step *= 0.5
            }
            guard accepted else { break }

            let next = (newest + 1) % memory
            var sy = 0.0
            for i in 0..<n {
                s[next * n + i] = trial[i] - x[i]
                y[next * n + i] = trialGradient[i] - gradient[i]
                sy += s[next * n + i] * y[next * n + i]
            }
            if sy > 1e-12 {
                rho[next] = 1 / sy
                newest = next
                stored = Swift.min(stored + 1, memory)
            }
            let improvement = value - trialValue
            swap(&x, &trial)
            swap(&gradient, &trialGradient)
            value = trialValue
            if improvement <= valueTolerance * Swift.max(1, Swift.abs(value)) { break }
        }
        return (value, evaluations)
    }

    @inline(__always)
    private func isFixed(_ i: Int, _ x: [Double], _ gradient: [Double], _ lower: [Double], _ upper: [Double]) -> Bool {
        lower[i] >= upper[i] || (x[i] <= lower[i] && gradient[i] > 0) || (x[i] >= upper[i] && gradient[i] < 0)
    }
}
