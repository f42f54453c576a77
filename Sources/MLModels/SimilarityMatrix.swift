import Dispatch

/// Dense, symmetric similarities between the x entities of a neighbourhood model,
/// row-major, with 1 on the diagonal.
struct SimilarityMatrix: Sendable {
    let count: Int
    let values: [Double]

    init(count: Int, values: [Double]) {
        self.count = count
        self.values = values
    }

    /// Accumulates co-rating statistics for each pair in one pass over the y
    /// lists (each sorted by x, so only pairs a < b are touched), then turns them
    /// into similarities.
    ///
    /// Part t of `parts` owns the rows a ≡ t (mod parts): every part reads all the
    /// lists but writes only its own rows, and each cell still sums its terms in
    /// list order, so the result is the same bits for any number of parts.
    ///
    /// - Complexity: O(Σ_y n_y² / 2) time, O(x²) memory (28 bytes per pair while fitting).
    init(
        sides: NeighbourhoodSides, similarity: NearestNeighbours.Similarity, minSupport: Int,
        shrinkage: Double, globalMean: Double, threads: Int
    ) {
        let n = sides.xCount
        count = n
        let cells = max(1, n * n)
        var frequency = [Int32](repeating: 0, count: cells)
        // Sum of products; becomes the similarity matrix in place.
        var products = [Double](repeating: 0, count: cells)
        var squaresA = [Double](repeating: 0, count: cells)
        var squaresB = [Double](repeating: 0, count: cells)
        let needsSums = similarity == .pearson
        var sumsA = [Double](repeating: 0, count: needsSums ? cells : 1)
        var sumsB = [Double](repeating: 0, count: needsSums ? cells : 1)
        // The per-y values being correlated: raw ratings, or residuals from the baseline.
        let correlated = sides.correlatedValues(similarity, globalMean: globalMean)
        let parts = max(1, min(threads, n))

        sides.yOffsets.withUnsafeBufferPointer { offsets in
            sides.yMembers.withUnsafeBufferPointer { members in
                correlated.withUnsafeBufferPointer { correlated in
                    frequency.withUnsafeMutableBufferPointer { frequency in
                        products.withUnsafeMutableBufferPointer { products in
                            squaresA.withUnsafeMutableBufferPointer { squaresA in
                                squaresB.withUnsafeMutableBufferPointer { squaresB in
                                    sumsA.withUnsafeMutableBufferPointer { sumsA in
                                        sumsB.withUnsafeMutableBufferPointer { sumsB in
                                            guard let offsets = offsets.baseAddress, let members = members.baseAddress,
                                                let correlated = correlated.baseAddress, let frequency = frequency.baseAddress,
                                                let products = products.baseAddress, let squaresA = squaresA.baseAddress,
                                                let squaresB = squaresB.baseAddress, let sumsA = sumsA.baseAddress,
                                                let sumsB = sumsB.baseAddress
                                            else { return }
                                            let pass = CoRatingPass(
                                                n: n, yCount: sides.yCount, offsets: offsets, members: members,
                                                values: correlated,
                                                frequency: frequency, products: products, squaresA: squaresA, squaresB: squaresB,
                                                sumsA: sumsA, sumsB: sumsB, needsSums: needsSums)
                                            DispatchQueue.concurrentPerform(iterations: parts) { part in
                                                pass.accumulate(part: part, parts: parts)
                                            }

                                            for a in 0..<n {
                                                products[a * n + a] = 1
                                                for b in (a + 1)..<n {
                                                    let cell = a * n + b
                                                    let value = similarity.value(
                                                        support: Int(frequency[cell]), products: products[cell],
                                                        squaresA: squaresA[cell], squaresB: squaresB[cell],
                                                        sumsA: sumsA[needsSums ? cell : 0], sumsB: sumsB[needsSums ? cell : 0],
                                                        minSupport: minSupport, shrinkage: shrinkage)
                                                    products[cell] = value
                                                    products[b * n + a] = value
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        values = products
    }

    @inline(__always) subscript(a: Int, b: Int) -> Double { values[a * count + b] }
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

/// The co-rating accumulation over raw pointers, so that parts can run on
/// several threads. Safe to send: part t writes only cells of rows a ≡ t (mod parts).
private struct CoRatingPass: @unchecked Sendable {
    let n: Int
    let yCount: Int
    let offsets: UnsafePointer<Int>
    let members: UnsafePointer<Int32>
    let values: UnsafePointer<Double>
    let frequency: UnsafeMutablePointer<Int32>
    let products: UnsafeMutablePointer<Double>
    let squaresA: UnsafeMutablePointer<Double>
    let squaresB: UnsafeMutablePointer<Double>
    let sumsA: UnsafeMutablePointer<Double>
    let sumsB: UnsafeMutablePointer<Double>
    let needsSums: Bool

    func accumulate(part: Int, parts: Int) {
        for y in 0..<yCount {
            let end = offsets[y + 1]
            for a in offsets[y]..<end {
                let x = Int(members[a])
                guard x % parts == part else { continue }
                let row = x * n
                let valueA = values[a]
                let squareA = valueA * valueA
                for b in (a + 1)..<end {
                    let cell = row + Int(members[b])
                    let valueB = values[b]
                    frequency[cell] += 1
                    products[cell] += valueA * valueB
                    squaresA[cell] += squareA
                    squaresB[cell] += valueB * valueB
                }
                if needsSums {
                    for b in (a + 1)..<end {
                        let cell = row + Int(members[b])
                        sumsA[cell] += valueA
                        sumsB[cell] += values[b]
                    }
                }
            }
        }
    }
}
