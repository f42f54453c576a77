/// Dense, symmetric similarities between the x entities of a neighbourhood model,
/// row-major, with 1 on the diagonal.
struct SimilarityMatrix: Sendable {
    let count: Int
    let values: [Double]

    /// Accumulates co-rating statistics for each pair in one pass over the y
    /// lists (each sorted by x, so only pairs a < b are touched), then turns them
    /// into similarities.
    ///
    /// - Complexity: O(Σ_y n_y² / 2) time, O(x²) memory.
    init(sides: NeighbourhoodSides, similarity: NearestNeighbours.Similarity, minSupport: Int,
         shrinkage: Double, globalMean: Double) {
        let n = sides.xCount
        count = n
        var frequency = [Int32](repeating: 0, count: n * n)
        // Sum of products; becomes the similarity matrix in place.
        var products = [Double](repeating: 0, count: n * n)
        var squaresA = [Double](repeating: 0, count: n * n)
        var squaresB = [Double](repeating: 0, count: n * n)
        let needsSums = similarity == .pearson
        var sumsA = [Double](repeating: 0, count: needsSums ? n * n : 0)
        var sumsB = [Double](repeating: 0, count: needsSums ? n * n : 0)

        // The per-y values being correlated: raw ratings, or residuals from the baseline.
        var scratch = [Double]()
        let largestList = (0..<sides.yCount).map { sides.yOffsets[$0 + 1] - sides.yOffsets[$0] }.max() ?? 0
        scratch.reserveCapacity(largestList)

        sides.yOffsets.withUnsafeBufferPointer { offsets in
        sides.yMembers.withUnsafeBufferPointer { members in
        sides.yValues.withUnsafeBufferPointer { ratings in
        sides.xBiases.withUnsafeBufferPointer { xBiases in
        frequency.withUnsafeMutableBufferPointer { frequency in
        products.withUnsafeMutableBufferPointer { products in
        squaresA.withUnsafeMutableBufferPointer { squaresA in
        squaresB.withUnsafeMutableBufferPointer { squaresB in
        sumsA.withUnsafeMutableBufferPointer { sumsA in
        sumsB.withUnsafeMutableBufferPointer { sumsB in
            for y in 0..<sides.yCount {
                let start = offsets[y], end = offsets[y + 1]
                scratch.removeAll(keepingCapacity: true)
                if similarity == .pearsonBaseline {
                    let partial = globalMean + sides.yBiases[y]
                    for k in start..<end { scratch.append(ratings[k] - partial - xBiases[Int(members[k])]) }
                } else {
                    for k in start..<end { scratch.append(ratings[k]) }
                }
                scratch.withUnsafeBufferPointer { values in
                    for a in start..<end {
                        let row = Int(members[a]) * n
                        let valueA = values[a - start]
                        let squareA = valueA * valueA
                        for b in (a + 1)..<end {
                            let cell = row + Int(members[b])
                            let valueB = values[b - start]
                            frequency[cell] += 1
                            products[cell] += valueA * valueB
                            squaresA[cell] += squareA
                            squaresB[cell] += valueB * valueB
                        }
                        if needsSums {
                            for b in (a + 1)..<end {
                                let cell = row + Int(members[b])
                                sumsA[cell] += valueA
                                sumsB[cell] += values[b - start]
                            }
                        }
                    }
                }
            }

            for a in 0..<n {
                products[a * n + a] = 1
                for b in (a + 1)..<n {
                    let cell = a * n + b
                    let support = Int(frequency[cell])
                    var value = 0.0
                    if support >= minSupport && support > 0 {
                        let count = Double(support)
                        switch similarity {
                        case .cosine:
                            let denominator = (squaresA[cell] * squaresB[cell]).squareRoot()
                            value = denominator > 0 ? products[cell] / denominator : 0
                        case .msd:
                            let squaredDifference = squaresA[cell] + squaresB[cell] - 2 * products[cell]
                            value = 1 / (squaredDifference / count + 1)
                        case .pearson:
                            let numerator = count * products[cell] - sumsA[cell] * sumsB[cell]
                            let denominator = ((count * squaresA[cell] - sumsA[cell] * sumsA[cell])
                                * (count * squaresB[cell] - sumsB[cell] * sumsB[cell])).squareRoot()
                            value = denominator > 0 ? numerator / denominator : 0
                        case .pearsonBaseline:
                            let denominator = (squaresA[cell] * squaresB[cell]).squareRoot()
                            value = denominator > 0 ? products[cell] / denominator : 0
                            value *= (count - 1) / (count - 1 + shrinkage)
                        }
                    }
                    products[cell] = value
                    products[b * n + a] = value
                }
            }
        }}}}}}}}}}
        values = products
    }

    @inline(__always) subscript(a: Int, b: Int) -> Double { values[a * count + b] }
}
