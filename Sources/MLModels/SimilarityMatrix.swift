import Dispatch
import HeapModule

/// Sparse similarities between the x entities of a neighbourhood model: for
/// each entity, its non-zero similarities to the others (at most `limit` of
/// them, the largest), ascending by entity index. The diagonal is 1 and is not
/// stored; a pair that is not stored reads as 0.
///
/// Rows are computed one entity at a time from the co-ratings reached through
/// the rating lists, so the dense n × n matrix never exists: memory is the
/// kept pairs plus a few arrays of n per thread.
struct SimilarityMatrix: Sendable {
    let count: Int
    /// Row x is `offsets[x]..<offsets[x + 1]` of `neighbours` and `values`.
    let offsets: [Int]
    let neighbours: [Int32]
    let values: [Double]

    init(count: Int, offsets: [Int], neighbours: [Int32], values: [Double]) {
        self.count = count
        self.offsets = offsets
        self.neighbours = neighbours
        self.values = values
    }

    /// Every row computed with `threads` parts; part t computes the rows
    /// x ≡ t (mod parts), and each row sums its terms in the order of the
    /// rating lists, so the result is the same bits for any number of parts.
    ///
    /// - Complexity: O(Σ_y n_y²) time, O(kept pairs + threads × n) memory.
    init(sides: NeighbourhoodSides, computing rows: PairRowComputation, limit: Int, threads: Int) {
        let n = sides.xCount
        let parts = max(1, min(threads, n))
        let results = PartResults(parts: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            var row = PairRow(count: n)
            var kept = KeptRows()
            var x = part
            while x < n {
                rows.compute(x, into: &row)
                kept.append(row, limit: limit, skipping: x)
                x += parts
            }
            results.store(kept, part: part)
        }
        var offsets = [Int](repeating: 0, count: n + 1)
        var neighbours: [Int32] = [], values: [Double] = []
        var cursors = [Int](repeating: 0, count: parts)
        var rowCursors = [Int](repeating: 0, count: parts)
        for x in 0..<n {
            let part = x % parts
            let kept = results.rows[part]
            let length = kept.lengths[rowCursors[part]]
            let start = cursors[part]
            neighbours.append(contentsOf: kept.neighbours[start..<(start + length)])
            values.append(contentsOf: kept.values[start..<(start + length)])
            cursors[part] += length
            rowCursors[part] += 1
            offsets[x + 1] = neighbours.count
        }
        self.init(count: n, offsets: offsets, neighbours: neighbours, values: values)
    }

    /// The similarity of a and b: 1 on the diagonal, 0 for a pair not kept.
    subscript(a: Int, b: Int) -> Double {
        if a == b { return 1 }
        guard a < count, b < count else { return 0 }
        let position = Self.position(of: Int32(b), in: neighbours, offsets[a]..<offsets[a + 1])
        return position.map { values[$0] } ?? 0
    }

    /// The position of `entity` in an ascending range of `list`, if there.
    static func position(of entity: Int32, in list: [Int32], _ range: Range<Int>) -> Int? {
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let middle = (low + high) / 2
            if list[middle] < entity { low = middle + 1 } else { high = middle }
        }
        return low < range.upperBound && list[low] == entity ? low : nil
    }

    /// Pairs kept per entity: `maxNeighbours`, or when it is 0, every pair as
    /// long as the whole matrix holds at most 64 M pairs (exactly the dense
    /// matrix up to 8,000 entities), else 64 M / n per entity, at least k.
    static func limit(maxNeighbours: Int, k: Int, count n: Int) -> Int {
        let all = max(0, n - 1)
        guard maxNeighbours == 0 else { return min(all, maxNeighbours) }
        return min(all, max(k, automaticPairBudget / max(1, n)))
    }

    static let automaticPairBudget = 64_000_000
}

/// Computes one row of co-rating statistics and similarities.
struct PairRowComputation: Sendable {
    let sides: NeighbourhoodSides
    /// Each x's ratings, by y, ascending: the other side's lists of the index.
    let xOffsets: [Int]
    let xMembers: [Int32]
    /// The correlated value of each rating of the y lists.
    let correlated: [Double]
    let similarity: NearestNeighbours.Similarity
    let minSupport: Int
    let shrinkage: Double

    init(
        sides: NeighbourhoodSides, index: RatingIndex, axis: NearestNeighbours.Axis,
        similarity: NearestNeighbours.Similarity, minSupport: Int, shrinkage: Double
    ) {
        self.sides = sides
        (xOffsets, xMembers) =
            axis == .items ? (index.itemOffsets, index.itemUsers) : (index.userOffsets, index.userItems)
        correlated = sides.correlatedValues(similarity, globalMean: index.globalMean)
        self.similarity = similarity
        self.minSupport = minSupport
        self.shrinkage = shrinkage
    }

    /// The similarities of `a` with every entity it shares a y with, in `row`.
    /// Each pair sums over the y in ascending order with the lower-indexed
    /// entity as A, as the pair's other row does, so both rows agree bit for bit.
    func compute(_ a: Int, into row: inout PairRow) {
        row.reset()
        let target = Int32(a)
        sides.yOffsets.withUnsafeBufferPointer { yOffsets in
            sides.yMembers.withUnsafeBufferPointer { yMembers in
                correlated.withUnsafeBufferPointer { values in
                    for k in xOffsets[a]..<xOffsets[a + 1] {
                        let y = Int(xMembers[k])
                        let start = yOffsets[y], end = yOffsets[y + 1]
                        guard let own = Self.position(of: target, in: yMembers, start..<end) else { continue }
                        let ownValue = values[own]
                        for m in start..<end where m != own {
                            let b = Int(yMembers[m])
                            if b > a {
                                row.add(b, valueA: ownValue, valueB: values[m])
                            } else {
                                row.add(b, valueA: values[m], valueB: ownValue)
                            }
                        }
                    }
                }
            }
        }
        for b in row.touched {
            row.similarity[b] = similarity.value(
                support: Int(row.frequency[b]), products: row.products[b], squaresA: row.squaresA[b],
                squaresB: row.squaresB[b], sumsA: row.sumsA[b], sumsB: row.sumsB[b], minSupport: minSupport,
                shrinkage: shrinkage)
        }
    }

    private static func position(of entity: Int32, in list: UnsafeBufferPointer<Int32>, _ range: Range<Int>) -> Int? {
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let middle = (low + high) / 2
            if list[middle] < entity { low = middle + 1 } else { high = middle }
        }
        return low < range.upperBound && list[low] == entity ? low : nil
    }
}

/// Co-rating sums of one entity with every other, reused row after row; only
/// the touched cells are reset.
struct PairRow {
    var frequency: [Int32]
    var products: [Double]
    var squaresA: [Double]
    var squaresB: [Double]
    var sumsA: [Double]
    var sumsB: [Double]
    var similarity: [Double]
    /// The entities with a co-rating, in the order first met.
    var touched: [Int] = []

    init(count: Int) {
        frequency = [Int32](repeating: 0, count: count)
        products = [Double](repeating: 0, count: count)
        squaresA = products
        squaresB = products
        sumsA = products
        sumsB = products
        similarity = products
    }

    mutating func reset() {
        for b in touched {
            frequency[b] = 0
            products[b] = 0
            squaresA[b] = 0
            squaresB[b] = 0
            sumsA[b] = 0
            sumsB[b] = 0
            similarity[b] = 0
        }
        touched.removeAll(keepingCapacity: true)
    }

    @inline(__always) mutating func add(_ b: Int, valueA: Double, valueB: Double) {
        if frequency[b] == 0 { touched.append(b) }
        frequency[b] += 1
        products[b] += valueA * valueB
        squaresA[b] += valueA * valueA
        squaresB[b] += valueB * valueB
        sumsA[b] += valueA
        sumsB[b] += valueB
    }

    /// The non-zero similarities of the row, the `limit` largest (ties to the
    /// lower index), ascending by entity.
    func kept(limit: Int, skipping self_: Int) -> [(entity: Int32, value: Double)] {
        var heap = Heap<Neighbour>()
        for b in touched where b != self_ && similarity[b] != 0 {
            let candidate = Neighbour(similarity: similarity[b], entity: Int32(b), rating: 0)
            if heap.count < limit {
                heap.insert(candidate)
            } else if let weakest = heap.min, weakest < candidate {
                heap.replaceMin(with: candidate)
            }
        }
        return heap.unordered.map { ($0.entity, $0.similarity) }.sorted { $0.entity < $1.entity }
    }
}

/// Rows kept by one part, one after the other.
struct KeptRows {
    var lengths: [Int] = []
    var neighbours: [Int32] = []
    var values: [Double] = []

    mutating func append(_ row: PairRow, limit: Int, skipping x: Int) {
        let kept = row.kept(limit: limit, skipping: x)
        lengths.append(kept.count)
        for pair in kept {
            neighbours.append(pair.entity)
            values.append(pair.value)
        }
    }
}

/// One slot per part, each written by its own part only.
private final class PartResults: @unchecked Sendable {
    private(set) var rows: [KeptRows]

    init(parts: Int) { rows = [KeptRows](repeating: KeptRows(), count: parts) }

    func store(_ kept: KeptRows, part: Int) {
        rows.withUnsafeMutableBufferPointer { $0[part] = kept }
    }
}

extension NeighbourhoodSides {
    /// The value of each rating in the y lists that similarities correlate:
    /// the rating, or its residual from the baseline for pearson-baseline.
    func correlatedValues(_ similarity: NearestNeighbours.Similarity, globalMean: Double) -> [Double] {
        guard similarity == .pearsonBaseline else { return yValues }
        return (0..<yCount).flatMap { y in
            (yOffsets[y]..<yOffsets[y + 1]).map { k in
                yValues[k] - (globalMean + yBiases[y]) - xBiases[Int(yMembers[k])]
            }
        }
    }
}

extension NearestNeighbours.Similarity {
    /// The similarity of a pair from its co-rating statistics (sums over the
    /// users, or items, that rated both; A is the lower-indexed entity).
    @inline(__always)
    func value(
        support: Int, products: Double, squaresA: Double, squaresB: Double, sumsA: Double, sumsB: Double,
        minSupport: Int, shrinkage: Double
    ) -> Double {
        guard support >= minSupport && support > 0 else { return 0 }
        let count = Double(support)
        switch self {
        case .cosine:
            let denominator = (squaresA * squaresB).squareRoot()
            return denominator > 0 ? products / denominator : 0
        case .msd:
            let squaredDifference = squaresA + squaresB - 2 * products
            return 1 / (squaredDifference / count + 1)
        case .pearson:
            let numerator = count * products - sumsA * sumsB
            let denominator = ((count * squaresA - sumsA * sumsA) * (count * squaresB - sumsB * sumsB)).squareRoot()
            return denominator > 0 ? numerator / denominator : 0
        case .pearsonBaseline:
            let denominator = (squaresA * squaresB).squareRoot()
            let value = denominator > 0 ? products / denominator : 0
            return value * ((count - 1) / (count - 1 + shrinkage))
        }
    }
}
