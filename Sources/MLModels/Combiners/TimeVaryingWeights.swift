/// How the validation rows are cut into windows of time for time-varying weights.
public enum TimeWindow: Sendable, Hashable {
    /// Consecutive spans of this length (in the data's time unit) from the earliest
    /// time; spans without rows are skipped.
    case duration(Double)
    /// Consecutive groups of this many rows in time order; a last group smaller than
    /// half of it joins the group before.
    case rows(Int)
}

/// Member weights that change with time, `wᵢ(t)`: one linear combination per
/// window of time.
public struct WindowedCombination: Sendable, Equatable {
    /// One window's span and the combination learned on its rows.
    public struct Window: Sendable, Equatable {
        /// Where the window starts; windows are ordered by it.
        public var from: Double
        /// Where the window ends: the span's end for `.duration`, the last row's time for `.rows`.
        public var to: Double
        public var combination: LinearCombination

        public init(from: Double, to: Double, combination: LinearCombination) {
            self.from = from
            self.to = to
            self.combination = combination
        }
    }

    /// Ordered by `from`.
    public var windows: [Window]

    public init(windows: [Window]) {
        self.windows = windows
    }

    /// The combination in force at `time`: the latest window that starts at or
    /// before it (the window containing it, or the latest one before a gap); before
    /// the first window, the first. An empty combination when there are no windows.
    public func combination(at time: Double) -> LinearCombination {
        guard !windows.isEmpty else { return LinearCombination(weights: []) }
        return windows[windowIndex(at: time)].combination
    }

    /// Combines member predictions given column-wise (`members[m][row]`), each row
    /// with the weights in force at its time, clipped to `scale`.
    public func apply(_ members: [[Double]], times: [Double], scale: ClosedRange<Double>) -> [Double] {
        precondition(!windows.isEmpty, "a windowed combination has at least one window")
        let count = members.count, rows = times.count
        precondition(members.allSatisfy { $0.count == rows }, "one prediction per row from every member")
        precondition(windows.allSatisfy { $0.combination.weights.count == count }, "one weight per member")
        // Weights flat, window-major; every row's window found once.
        var weights = [Double](repeating: 0, count: windows.count * count)
        for (index, window) in windows.enumerated() {
            for member in 0..<count { weights[index * count + member] = window.combination.weights[member] }
        }
        var rowWindow = [Int](repeating: 0, count: rows)
        var combined = [Double](repeating: 0, count: rows)
        for row in 0..<rows {
            rowWindow[row] = windowIndex(at: times[row])
            combined[row] = windows[rowWindow[row]].combination.intercept
        }
        // Member by member, as `LinearCombination.apply` sums, so one window gives its bits.
        weights.withUnsafeBufferPointer { w in
            rowWindow.withUnsafeBufferPointer { window in
                combined.withUnsafeMutableBufferPointer { out in
                    for member in 0..<count {
                        members[member].withUnsafeBufferPointer { p in
                            for row in 0..<rows { out[row] += w[window[row] * count + member] * p[row] }
                        }
                    }
                    for row in 0..<rows { out[row] = clip(out[row], to: scale) }
                }
            }
        }
        return combined
    }

    /// The index of the last window whose `from` is at or before `time`, else 0.
    ///
    /// - Complexity: O(log windows).
    func windowIndex(at time: Double) -> Int {
        var low = 0, high = windows.count
        while low < high {
            let middle = (low + high) / 2
            if windows[middle].from <= time { low = middle + 1 } else { high = middle }
        }
        return max(low - 1, 0)
    }
}

/// A window's rows as a range of positions in the time order, and its span.
struct WindowSpan: Sendable, Equatable {
    var positions: Range<Int>
    var from: Double
    var to: Double
}

extension PredictionCombiner {
    /// Learns time-varying weights: the validation rows, sorted by time (ties by row
    /// index), are cut into windows; each window's weights are fitted by `fit` on its
    /// rows, then smoothed with the previous window's smoothed weights,
    /// `w_k ← (1 − s)·w_k + s·w_{k−1}` (the intercept too). A window with fewer rows than
    /// members + 1 reuses the previous window's weights, or the fit on every row for
    /// the first.
    ///
    /// - Throws: `ModelError` as `fitWeights` does, and `invalidParameter` when the
    ///   times do not match the rows or are not finite, the window is not positive, or
    ///   `smoothing` is outside [0, 1).
    public static func fitWindowed(
        _ fit: WeightFit, members: [[Double]], targets: [Double], times: [Double], window: TimeWindow, smoothing: Double
    ) throws -> WindowedCombination {
        try checkFit(fit)
        try checkInputs(members: members, targets: targets)
        guard times.count == targets.count else {
            throw ModelError(
                .invalidParameter, model: "combine", "there are \(times.count) times for \(targets.count) validation rows")
        }
        guard times.allSatisfy(\.isFinite) else {
            throw ModelError(
                .invalidParameter, model: "combine", "time-varying weights need a finite time on every validation row")
        }
        switch window {
        case .duration(let length) where !(length.isFinite && length > 0):
            throw ModelError(.invalidParameter, model: "combine", "the window duration must be a positive number, got \(length)")
        case .rows(let count) where count < 1:
            throw ModelError(.invalidParameter, model: "combine", "the window must hold at least one row, got \(count)")
        default:
            break
        }
        guard smoothing.isFinite, smoothing >= 0, smoothing < 1 else {
            throw ModelError(.invalidParameter, model: "combine", "smoothing must be at least 0 and below 1, got \(smoothing)")
        }

        let order = timeOrder(times)
        var windows: [WindowedCombination.Window] = []
        var previous: LinearCombination?
        for span in cutWindows(times: times, order: order, window: window) {
            var combination: LinearCombination
            if span.positions.count < members.count + 1 {
                if let previous {
                    combination = previous
                } else {
                    let everyRow = DesignMatrix(columns: members, rows: targets.count)
                    combination = try fitWeights(fit, design: everyRow, targets: targets)
                }
            } else {
                let rows = Array(order[span.positions])
                var windowTargets = [Double](repeating: 0, count: rows.count)
                for (position, row) in rows.enumerated() { windowTargets[position] = targets[row] }
                combination = try fitWeights(fit, design: DesignMatrix(columns: members, selecting: rows), targets: windowTargets)
                if let previous, smoothing > 0 { combination = smoothed(combination, toward: previous, by: smoothing) }
            }
            windows.append(WindowedCombination.Window(from: span.from, to: span.to, combination: combination))
            previous = combination
        }
        return WindowedCombination(windows: windows)
    }

    /// Row indices sorted by time, ties by index.
    static func timeOrder(_ times: [Double]) -> [Int] {
        (0..<times.count).sorted { times[$0] < times[$1] || (times[$0] == times[$1] && $0 < $1) }
    }

    /// Cuts the rows, in time `order`, into windows.
    static func cutWindows(times: [Double], order: [Int], window: TimeWindow) -> [WindowSpan] {
        guard let first = order.first else { return [] }
        var spans: [WindowSpan] = []
        switch window {
        case .duration(let length):
            let start = times[first]
            var spanStart = 0, spanNumber = ((times[first] - start) / length).rounded(.down)
            for position in 1...order.count {
                let number = position < order.count ? ((times[order[position]] - start) / length).rounded(.down) : .infinity
                guard number != spanNumber else { continue }
                // Rounding may put a span's nominal start a hair after its first row; the
                // window starts no later than its first row, so its own rows map to it.
                let from = min(start + spanNumber * length, times[order[spanStart]])
                spans.append(WindowSpan(positions: spanStart..<position, from: from, to: start + (spanNumber + 1) * length))
                spanStart = position
                spanNumber = number
            }
        case .rows(let size):
            var spanStart = 0
            while spanStart < order.count {
                var end = min(spanStart + size, order.count)
                let rest = order.count - end
                if rest > 0 && 2 * rest < size { end = order.count }
                spans.append(WindowSpan(positions: spanStart..<end, from: times[order[spanStart]], to: times[order[end - 1]]))
                spanStart = end
            }
        }
        return spans
    }

    /// `(1 − s)·current + s·previous`, weights and intercept.
    static func smoothed(_ current: LinearCombination, toward previous: LinearCombination, by s: Double) -> LinearCombination {
        var weights = current.weights
        for member in weights.indices { weights[member] = (1 - s) * weights[member] + s * previous.weights[member] }
        return LinearCombination(weights: weights, intercept: (1 - s) * current.intercept + s * previous.intercept)
    }
}
