// Each kind's estimate lists the arrays its fit allocates, in the order the
// fit makes them; see the fit for what each one holds.

extension GlobalMean: MemoryEstimating {
    public func estimatedMemory(for shape: DataShape) -> MemoryEstimate { MemoryEstimate(model: 16, working: 0) }
}

extension Baseline: MemoryEstimating {
    public func estimatedMemory(for shape: DataShape) -> MemoryEstimate {
        var model = Bytes()
        model.add(shape.usersAndItems, of: 8 + 4)  // biases and rating counts
        var working = Bytes()
        working.add(ratingIndexBytes(shape), of: 1)
        working.add(ratingIndexWorkingBytes(shape), of: 1)
        return MemoryEstimate(model: model.value, working: working.value)
    }
}

/// Bytes of a factor matrix: rows of whole 8-float chunks.
func factorMatrixBytes(rows: Int, factors: Int) -> Int {
    var bytes = Bytes()
    bytes.add(rows, by: (factors + 7) / 8, of: 32)
    return bytes.value
}

extension MatrixFactorization: MemoryEstimating {
    public func estimatedMemory(for shape: DataShape) -> MemoryEstimate {
        let p = parameters
        var model = Bytes()
        model.add(factorMatrixBytes(rows: shape.users, factors: p.factors), of: 1)
        model.add(factorMatrixBytes(rows: shape.items, factors: p.factors), of: 1)
        model.add(shape.usersAndItems, of: 4 + 4)  // biases and rating counts
        model.add(p.epochs, of: 8)
        var working = Bytes()
        working.add(shape.ratings, of: 12 * 2)  // the visiting order, then its stratified copy
        working.add(shape.users.saturatingAdd(1), of: 8)
        if p.onDivergence != .fail { working.add(model.value, of: 1) }  // the last finite state
        return MemoryEstimate(model: model.value, working: working.value)
    }
}

extension SVDPlusPlus: MemoryEstimating {
    public func estimatedMemory(for shape: DataShape) -> MemoryEstimate {
        let p = parameters
        var model = Bytes()
        // p_u twice (alone and with the implicit term), q_i and y_j.
        model.add(factorMatrixBytes(rows: shape.users, factors: p.factors), of: 2)
        model.add(factorMatrixBytes(rows: shape.items, factors: p.factors), of: 2)
        model.add(shape.usersAndItems, of: 4 + 4)  // biases and counts
        model.add(shape.users.saturatingAdd(1), of: 8)  // implicit sets
        model.add(shape.ratings, of: 4)
        model.add(p.epochs, of: 8)
        var working = Bytes()
        working.add(ratingIndexBytes(shape), of: 1)
        working.add(ratingIndexWorkingBytes(shape), of: 1)
        working.add(shape.ratings, of: 4)  // values as floats
        if p.onDivergence != .fail { working.add(model.value, of: 1) }
        return MemoryEstimate(model: model.value, working: working.value)
    }
}

extension AlternatingLeastSquares: MemoryEstimating {
    public func estimatedMemory(for shape: DataShape) -> MemoryEstimate {
        let p = parameters
        var model = Bytes()
        model.add(shape.usersAndItems, by: p.factors + 1, of: 8)
        model.add(shape.usersAndItems, of: 4)
        model.add(p.epochs, of: 8)
        var working = Bytes()
        working.add(ratingIndexBytes(shape), of: 1)
        working.add(ratingIndexWorkingBytes(shape), of: 1)
        working.add(p.threads, by: (p.factors + 1) * ((p.factors + 4) / 4 * 4 + 2), of: 8)  // normal equations
        return MemoryEstimate(model: model.value, working: working.value)
    }
}

extension NearestNeighbours: MemoryEstimating {
    public func estimatedMemory(for shape: DataShape) -> MemoryEstimate {
        let p = parameters
        let entities = p.on == .items ? shape.items : shape.users
        var model = Bytes()
        model.add(ratingIndexBytes(shape), of: 1)
        model.add(shape.usersAndItems, of: 8)  // baseline biases
        model.add(entities, of: 8)  // entity means
        let kept = SimilarityMatrix.limit(maxNeighbours: p.maxNeighbours, k: p.k, count: entities)
        model.add(entities, by: kept, of: 4 + 8)  // sparse similarity rows
        model.add(entities + 1, of: 8)  // row offsets
        var working = Bytes()
        working.add(ratingIndexWorkingBytes(shape), of: 1)
        working.add(p.threads, by: entities, of: 4 + 7 * 8 + 8)  // one row of co-rating sums per thread
        working.add(p.threads, by: entities, of: 2 * (4 + 8))  // a row's kept pairs, on the heap and sorted
        working.add(entities, by: kept, of: 4 + 8)  // the parts' rows before they are joined
        if p.similarity == .pearsonBaseline { working.add(shape.ratings, of: 8) }
        return MemoryEstimate(model: model.value, working: working.value)
    }
}

extension SlopeOne: MemoryEstimating {
    public func estimatedMemory(for shape: DataShape) -> MemoryEstimate {
        var model = Bytes()
        model.add(ratingIndexBytes(shape), of: 1)
        model.add(shape.items, by: shape.items, of: 4 + 8)  // co-rating counts and mean deviations
        model.add(shape.usersAndItems, of: 8)  // means
        return MemoryEstimate(model: model.value, working: ratingIndexWorkingBytes(shape))
    }
}

extension Popularity: MemoryEstimating {
    public func estimatedMemory(for shape: DataShape) -> MemoryEstimate {
        var model = Bytes()
        model.add(shape.items, of: 8 + 8 + 4)  // scores, counts, ranking
        var working = Bytes()
        working.add(shape.items, of: 8 + 8)  // sums, and the ranking before narrowing
        return MemoryEstimate(model: model.value, working: working.value)
    }
}

extension AutoRec: MemoryEstimating {
    public func estimatedMemory(for shape: DataShape) -> MemoryEstimate {
        let p = parameters
        let widths = p.hidden.isEmpty ? [1] : p.hidden
        var parameterCount = Bytes()
        parameterCount.add(shape.users, by: widths[0] + widths[widths.count - 1] + 1, of: 1)  // sparse end layers
        for layer in 1..<max(1, widths.count) where layer < widths.count {
            parameterCount.add(widths[layer - 1] + 1, by: widths[layer], of: 1)
        }
        parameterCount.add(widths[0], of: 1)
        var model = Bytes()
        model.add(parameterCount.value, of: 4)  // weights
        model.add(shape.items, by: widths[widths.count - 1], of: 4)  // item codes
        model.add(shape.items, of: 8)  // item means
        model.add(shape.usersAndItems, of: 4)  // rating counts
        model.add(p.epochs, of: 8)
        var working = Bytes()
        // Moments, gradients, a copy of the values (a retried or observed epoch), and the work buffers.
        working.add(parameterCount.value, of: 4 * (p.learning.optimizer.slots + 2))
        working.add(widths.reduce(0, +), by: 3 * max(p.learning.batch, 64), of: 4)
        working.add(ratingIndexBytes(shape), of: 1)
        working.add(shape.ratings, of: 4)
        return MemoryEstimate(model: model.value, working: working.value)
    }
}

extension EASE: MemoryEstimating {
    public func estimatedMemory(for shape: DataShape) -> MemoryEstimate {
        var model = Bytes()
        model.add(shape.items, by: shape.items, of: 4)  // B in single precision
        model.add(shape.ratings, of: 4)  // the items each user rated
        model.add(shape.users.saturatingAdd(1), of: 8)  // and where each user's list starts
        model.add(shape.usersAndItems, of: 8 + 4)  // the baseline's biases and counts
        var working = Bytes()
        // G, its Cholesky factor, the factor's inverse and G⁻¹, in double precision.
        working.add(shape.items, by: shape.items, of: 8 * 4)
        working.add(ratingIndexBytes(shape), of: 1)
        working.add(ratingIndexWorkingBytes(shape), of: 1)
        return MemoryEstimate(model: model.value, working: working.value)
    }
}

extension FactorizationMachine: MemoryEstimating {
    public func estimatedMemory(for shape: DataShape) -> MemoryEstimate {
        let p = parameters
        // One feature per user and item, each context's values, and (a guess: the
        // shape does not count them) a few hundred attribute values.
        let contextValues = p.contexts.reduce(0) { $0 + $1.cardinality }
        let features = shape.usersAndItems.saturatingAdd(contextValues).saturatingAdd(p.readsAttributes ? 512 : 0)
        var model = Bytes()
        model.add(features, by: p.factors.saturatingAdd(1), of: 4)  // factor rows and linear weights
        model.add(features, of: 1)  // which features training saw
        if p.readsAttributes { model.add(shape.usersAndItems, of: 8 + 2 * 8) }  // attribute rows: offsets, a few entries
        model.add(p.epochs, of: 8)
        var working = Bytes()
        // The arena holds every table once more per optimizer slot, plus gradients and the touched lists.
        working.add(features, by: p.factors.saturatingAdd(1), of: 4 * (1 + p.learning.optimizer.slots + 1))
        working.add(features, of: 12)
        working.add(shape.ratings, of: 12 + 8 + 4 * p.contexts.count)  // the visiting order and its rows
        return MemoryEstimate(model: model.value, working: working.value)
    }
}

/// Double-precision factor rows of `rows` users or items, as `LatentScores` keeps them.
private func latentRowBytes(rows: Int, factors: Int) -> Int {
    var bytes = Bytes()
    bytes.add(rows, by: LatentScores.stride(factors: max(1, factors)), of: 8)
    return bytes.value
}

extension ImplicitALS: MemoryEstimating {
    public func estimatedMemory(for shape: DataShape) -> MemoryEstimate {
        let p = parameters
        var model = Bytes()
        model.add(latentRowBytes(rows: shape.users, factors: p.factors), of: 1)
        model.add(latentRowBytes(rows: shape.items, factors: p.factors), of: 1)
        model.add(shape.usersAndItems, of: 8 + 4)  // the baseline's biases and counts
        var working = Bytes()
        working.add(ratingIndexBytes(shape), of: 1)
        working.add(ratingIndexWorkingBytes(shape), of: 1)
        // The gram matrix and each thread's three CG vectors.
        working.add(
            LatentScores.stride(factors: max(1, p.factors)) * 8,
            by: LatentScores.stride(factors: max(1, p.factors)) + 3 * max(1, p.threads), of: 1)
        return MemoryEstimate(model: model.value, working: working.value)
    }
}

extension TimeSVDPlusPlus: MemoryEstimating {
    public func estimatedMemory(for shape: DataShape) -> MemoryEstimate {
        let p = parameters
        var model = Bytes()
        // p and p + |N(u)|^-½ Σ y (users); q and y (items).
        model.add(shape.users, by: p.factors, of: 4 * 2)
        model.add(shape.items, by: p.factors, of: 4 * 2)
        model.add(shape.items, by: p.bins, of: 4)  // b_{i,bin}
        model.add(shape.ratings, of: 4 + 4)  // at most one day bias and day per rating
        model.add(shape.users, of: 4 + 4 + 8 + 4 + 4 + 8)  // b_u, α_u, mean and last day, count, day offsets
        model.add(shape.items, of: 4 + 4)  // b_i, count
        model.add(p.epochs, of: 8)
        var working = Bytes()
        working.add(shape.ratings, of: 8 + 4 + 4 + 4 + 4 + 4 + 8 + 8)  // the timed rows, the order and the days
        if p.onDivergence != .fail { working.add(model.value, of: 1) }
        return MemoryEstimate(model: model.value, working: working.value)
    }
}

extension BayesianPersonalizedRanking: MemoryEstimating {
    public func estimatedMemory(for shape: DataShape) -> MemoryEstimate {
        let p = parameters
        var model = Bytes()
        model.add(latentRowBytes(rows: shape.users, factors: p.factors), of: 1)
        model.add(latentRowBytes(rows: shape.items, factors: p.factors), of: 1)
        model.add(shape.items, of: 8)  // item biases
        model.add(shape.usersAndItems, of: 8 + 4)  // the baseline's biases and counts
        var working = Bytes()
        working.add(ratingIndexBytes(shape), of: 1)
        working.add(ratingIndexWorkingBytes(shape), of: 1)
        // The single-precision training factors and biases, and each draw's user.
        working.add(factorMatrixBytes(rows: shape.users, factors: p.factors), of: 1)
        working.add(factorMatrixBytes(rows: shape.items, factors: p.factors), of: 1)
        working.add(shape.items, of: 4)
        working.add(shape.ratings, of: 4)
        return MemoryEstimate(model: model.value, working: working.value)
    }
}
