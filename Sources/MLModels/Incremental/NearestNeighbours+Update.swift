extension NearestNeighbours: IncrementalModel {
    /// The ratings join the model's own and the baseline is refitted on all of
    /// them (linear in the ratings); then the similarity rows of the compared
    /// entities the batch touched (items for item-based) are recomputed, and
    /// every other pair keeps its similarity. No replay or epochs are needed.
    public func update(
        _ fitted: Fitted, with batch: UpdateBatch, replay: ReplaySample, options: UpdateOptions, seed: UInt64
    ) throws -> Fitted {
        let p = parameters
        let index = fitted.index.merged(with: batch.ratings)
        try requireSize(index)
        let biases = try BaselineBiases(index: index, parameters: p.baseline, kind: Self.kind)
        let sides = NeighbourhoodSides(index: index, biases: biases, axis: p.on)
        let n = sides.xCount
        var values = grownMatrix(fitted.similarities.values, from: fitted.similarities.count, to: n, fill: 0)
        for x in fitted.similarities.count..<n { values[x * n + x] = 1 }
        let correlated = sides.correlatedValues(p.similarity, globalMean: index.globalMean)
        // Each x's ratings, by y: the lists of the other side of the index.
        let (xOffsets, xMembers) =
            p.on == .items ? (index.itemOffsets, index.itemUsers) : (index.userOffsets, index.userItems)
        var statistics = PairStatistics(count: n)
        for a in touched(p.on == .items ? batch.ratings.items : batch.ratings.users, count: n) {
            statistics.reset()
            for k in xOffsets[a]..<xOffsets[a + 1] {
                let y = Int(xMembers[k])
                let list = sides.yOffsets[y]..<sides.yOffsets[y + 1]
                guard let own = list.first(where: { Int(sides.yMembers[$0]) == a }) else { continue }
                for m in list where m != own {
                    let b = Int(sides.yMembers[m])
                    // As the fit does, A is the lower-indexed entity of the pair.
                    let (valueA, valueB) = b > a ? (correlated[own], correlated[m]) : (correlated[m], correlated[own])
                    statistics.add(b, valueA: valueA, valueB: valueB)
                }
            }
            for b in 0..<n where b != a {
                let value = p.similarity.value(
                    support: Int(statistics.frequency[b]), products: statistics.products[b],
                    squaresA: statistics.squaresA[b], squaresB: statistics.squaresB[b], sumsA: statistics.sumsA[b],
                    sumsB: statistics.sumsB[b], minSupport: p.minSupport, shrinkage: p.shrinkage)
                values[a * n + b] = value
                values[b * n + a] = value
            }
        }
        return Fitted(
            parameters: p, sides: sides, similarities: SimilarityMatrix(count: n, values: values), biases: biases,
            index: index, scale: fitted.scale)
    }
}

/// Co-rating sums of one entity with every other, reused row after row.
private struct PairStatistics {
    var frequency: [Int32]
    var products: [Double]
    var squaresA: [Double]
    var squaresB: [Double]
    var sumsA: [Double]
    var sumsB: [Double]

    init(count: Int) {
        frequency = [Int32](repeating: 0, count: count)
        products = [Double](repeating: 0, count: count)
        squaresA = products
        squaresB = products
        sumsA = products
        sumsB = products
    }

    mutating func reset() {
        for b in frequency.indices {
            frequency[b] = 0
            products[b] = 0
            squaresA[b] = 0
            squaresB[b] = 0
            sumsA[b] = 0
            sumsB[b] = 0
        }
    }

    @inline(__always) mutating func add(_ b: Int, valueA: Double, valueB: Double) {
        frequency[b] += 1
        products[b] += valueA * valueB
        squaresA[b] += valueA * valueA
        squaresB[b] += valueB * valueB
        sumsA[b] += valueA
        sumsB[b] += valueB
    }
}
