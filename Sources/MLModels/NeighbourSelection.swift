/// A candidate neighbour; ordered by similarity, ties by entity index so that
/// the selection never depends on the order of candidates.
struct Neighbour: Comparable, Sendable {
    let similarity: Double
    let entity: Int32
    let rating: Double

    static func < (lhs: Neighbour, rhs: Neighbour) -> Bool {
        lhs.similarity != rhs.similarity ? lhs.similarity < rhs.similarity : lhs.entity > rhs.entity
    }

    static func == (lhs: Neighbour, rhs: Neighbour) -> Bool {
        lhs.similarity == rhs.similarity && lhs.entity == rhs.entity
    }
}

/// Reused buffers of one thread's predictions.
struct NeighbourScratch {
    var candidates: [Neighbour] = []
    var selection: [Neighbour] = []
}

/// The running sums of a prediction's neighbours.
struct NeighbourSums {
    var usable = 0
    var weightSum = 0.0
    var weighted = 0.0
}

/// How a neighbourhood model turns its neighbours into a prediction. Every
/// path to a prediction (one pair, or all items of a user in one sweep) adds
/// the chosen neighbours in ascending entity order through `add`, so they all
/// give the same bits.
struct NeighbourArithmetic {
    let estimator: NearestNeighbours.Estimator
    let minK: Int
    let xMeans: [Double]
    let xBiases: [Double]
    let globalMean: Double

    init(_ fitted: NearestNeighbours.Fitted) {
        estimator = fitted.parameters.estimator
        minK = fitted.parameters.minK
        xMeans = fitted.sides.xMeans
        xBiases = fitted.sides.xBiases
        globalMean = fitted.biases.globalMean
    }

    @inline(__always) func add(_ neighbour: Neighbour, yBias: Double, to sums: inout NeighbourSums) {
        add(
            similarity: neighbour.similarity,
            term: term(rating: neighbour.rating, other: Int(neighbour.entity), yBias: yBias), to: &sums)
    }

    /// What a neighbour's similarity weighs: its rating, or its deviation from
    /// its mean or from the baseline. All-item scoring computes it once per
    /// rated entity rather than once per candidate.
    @inline(__always) func term(rating: Double, other: Int, yBias: Double) -> Double {
        switch estimator {
        case .basic: rating
        case .withMeans: rating - xMeans[other]
        case .withBaseline: rating - (globalMean + xBiases[other] + yBias)
        }
    }

    @inline(__always) func add(similarity: Double, term: Double, to sums: inout NeighbourSums) {
        sums.usable += 1
        sums.weightSum += similarity
        sums.weighted += similarity * term
    }

    /// The sums of the `k` best of `candidates` (ascending by entity), added
    /// in that order: all of them when there are at most `k`, else those at
    /// or above the k-th best, found by selection in O(candidates).
    func sumBest(
        _ candidates: UnsafeBufferPointer<Neighbour>, k: Int, yBias: Double, selection: inout [Neighbour]
    ) -> NeighbourSums {
        var sums = NeighbourSums()
        if candidates.count <= k {
            for candidate in candidates { add(candidate, yBias: yBias, to: &sums) }
            return sums
        }
        selection.removeAll(keepingCapacity: true)
        selection.append(contentsOf: candidates)
        let threshold = Self.element(ofAscendingRank: candidates.count - k, in: &selection)
        for candidate in candidates where !(candidate < threshold) { add(candidate, yBias: yBias, to: &sums) }
        return sums
    }

    /// The prediction for x, or its fallback with too few usable neighbours.
    func estimate(_ sums: NeighbourSums, x: Int, baseline: Double) -> (value: Double, fallback: PredictionFallback) {
        guard sums.usable >= minK, sums.usable > 0, sums.weightSum > 0 else {
            return (estimator == .withMeans ? xMeans[x] : baseline, .tooFewNeighbours)
        }
        switch estimator {
        case .basic: return (sums.weighted / sums.weightSum, [])
        case .withMeans: return (xMeans[x] + sums.weighted / sums.weightSum, [])
        case .withBaseline: return (baseline + sums.weighted / sums.weightSum, [])
        }
    }

    /// The element that would stand at `rank` if `values` were sorted
    /// ascending (quickselect, median-of-three pivots); `values` is reordered.
    /// The elements are distinct, so the answer does not depend on the pivots.
    static func element(ofAscendingRank rank: Int, in values: inout [Neighbour]) -> Neighbour {
        values.withUnsafeMutableBufferPointer { values in
            var low = 0, high = values.count - 1
            while low < high {
                let middle = low + (high - low) / 2
                if values[middle] < values[low] { values.swapAt(middle, low) }
                if values[high] < values[low] { values.swapAt(high, low) }
                if values[middle] < values[high] { values.swapAt(middle, high) }
                // values[high] is now the median of the three: the pivot.
                let pivot = values[high]
                var store = low
                for position in low..<high where values[position] < pivot {
                    values.swapAt(position, store)
                    store += 1
                }
                values.swapAt(store, high)
                if rank == store { break }
                if rank < store { high = store - 1 } else { low = store + 1 }
            }
            return values[rank]
        }
    }
}
