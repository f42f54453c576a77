extension NearestNeighbours.Fitted: AllItemScoring {
    /// Every item's neighbours for a user gathered in one sweep over the
    /// user's ratings instead of one search per item: item-based, the
    /// similarity columns of the items the user rated; user-based, the ratings
    /// of the user and its positively similar neighbours. Candidates reach each
    /// item ascending by entity, the order `estimate` adds them in, so every
    /// score is the same bits as the single prediction. A first pass counts
    /// each item's candidates; an item with at most `k` of them adds them as
    /// they come, the others keep theirs for selection.
    ///
    /// Items are swept in blocks so that what a block keeps stays small however
    /// large the catalogue.
    ///
    /// - Complexity: per known user, O(candidates + items), where the
    ///   candidates are Σ over the user's rated items of their column lengths
    ///   (item-based) or Σ over the user's neighbours of their rating counts.
    public func scoreAllItems(users: [Int32], itemCount: Int, into scores: inout [Double]) {
        scoreAllItems(users: users, itemCount: itemCount, into: &scores, blockLength: 4096)
    }

    /// Item-based: the columns of the similarity matrix.
    public func prepareForScoring() {
        if parameters.on == .items { _ = columnsCache.columns(of: similarities) }
    }

    func scoreAllItems(users: [Int32], itemCount: Int, into scores: inout [Double], blockLength: Int) {
        resize(&scores, to: users.count * itemCount)
        let blockLength = max(1, min(itemCount, blockLength))
        var block = SweepBlock(length: blockLength)
        let columns = parameters.on == .items ? columnsCache.columns(of: similarities) : nil
        let arithmetic = NeighbourArithmetic(self)
        scores.withUnsafeMutableBufferPointer { out in
            for (row, user) in users.enumerated() {
                let base = row * itemCount
                guard index.isKnown(user: user) else {
                    for item in 0..<itemCount {
                        out[base + item] = clip(estimate(user: user, item: Int32(item)).value, to: scale)
                    }
                    continue
                }
                var sweep =
                    if let columns { NeighbourSweep(itemBasedFor: Int(user), model: self, columns: columns) } else {
                        NeighbourSweep(userBasedFor: Int(user), model: self)
                    }
                var start = 0
                while start < itemCount {
                    let items = start..<min(itemCount, start + blockLength)
                    block.gather(sweep: &sweep, items: items, k: parameters.k, arithmetic: arithmetic)
                    for item in items {
                        let value = finish(user: user, item: item, block: &block, arithmetic: arithmetic)
                        out[base + item] = clip(value, to: scale)
                    }
                    start = items.upperBound
                }
            }
        }
    }

    private func finish(user: Int32, item: Int, block: inout SweepBlock, arithmetic: NeighbourArithmetic) -> Double {
        let item32 = Int32(item)
        guard index.isKnown(item: item32) else { return estimate(user: user, item: item32).value }
        let baseline = biases.estimate(user: user, item: item32, index: index)
        let (x, y) = parameters.on == .items ? (item, Int(user)) : (Int(user), item)
        let sums = block.sums(
            slot: item - block.items.lowerBound, k: parameters.k, yBias: sides.yBiases[y], arithmetic: arithmetic)
        return arithmetic.estimate(sums, x: x, baseline: baseline).value
    }
}

/// One user's sweep: lists of (item, rating) ascending by item, each with its
/// entity and similarity (item-based: a similarity per entry and one rating),
/// walked block by block from where the last block stopped.
struct NeighbourSweep {
    enum Lists {
        /// Item-based: column j of the matrix (items i, sim(i, j)) for each rated j, and the rating of j.
        case columns(SimilarityColumns, rated: [Int32], ratings: [Double])
        /// User-based: the ratings of each entity, with the similarity of each entity to the user.
        case ratings(RatingIndex, entities: [Int32], similarities: [Double])
    }

    let lists: Lists
    /// Where each list continues, and where it ends.
    var cursors: [Int]
    let ends: [Int]
    let yBias: SweepBias

    init(itemBasedFor user: Int, model: NearestNeighbours.Fitted, columns: SimilarityColumns) {
        let ratings = model.sides.yOffsets[user]..<model.sides.yOffsets[user + 1]
        let rated = Array(model.sides.yMembers[ratings])
        lists = .columns(columns, rated: rated, ratings: Array(model.sides.yValues[ratings]))
        cursors = rated.map { columns.offsets[Int($0)] }
        ends = rated.map { columns.offsets[Int($0) + 1] }
        yBias = SweepBias(perItem: [], user: model.sides.yBiases[user])
    }

    init(userBasedFor user: Int, model: NearestNeighbours.Fitted) {
        // The user itself (similarity 1, as on the dense diagonal) at its place among its neighbours.
        var entities: [Int32] = [], similarities: [Double] = []
        var placedSelf = false
        let matrix = model.similarities
        for position in matrix.offsets[user]..<matrix.offsets[user + 1] where matrix.values[position] > 0 {
            let neighbour = matrix.neighbours[position]
            if !placedSelf && neighbour > Int32(user) {
                entities.append(Int32(user)); similarities.append(1); placedSelf = true
            }
            entities.append(neighbour); similarities.append(matrix.values[position])
        }
        if !placedSelf { entities.append(Int32(user)); similarities.append(1) }
        let index = model.index
        lists = .ratings(index, entities: entities, similarities: similarities)
        cursors = entities.map { index.userOffsets[Int($0)] }
        ends = entities.map { index.userOffsets[Int($0) + 1] }
        yBias = SweepBias(perItem: model.sides.yBiases, user: 0)
    }

    /// Calls `body(slot, candidate)` for every candidate of `items`, each item's
    /// ascending by entity, and moves past them.
    @inline(__always) mutating func walk(_ items: Range<Int>, _ body: (Int, Neighbour) -> Void) {
        switch lists {
        case .columns(let columns, let rated, let ratings):
            columns.rows.withUnsafeBufferPointer { rows in
                columns.values.withUnsafeBufferPointer { values in
                    for list in rated.indices {
                        let entity = rated[list], rating = ratings[list]
                        if items.contains(Int(entity)) {
                            body(Int(entity) - items.lowerBound, Neighbour(similarity: 1, entity: entity, rating: rating))
                        }
                        var cursor = cursors[list]
                        let end = ends[list]
                        while cursor < end {
                            let item = Int(rows[cursor])
                            guard item < items.upperBound else { break }
                            body(item - items.lowerBound, Neighbour(similarity: values[cursor], entity: entity, rating: rating))
                            cursor += 1
                        }
                        cursors[list] = cursor
                    }
                }
            }
        case .ratings(let index, let entities, let similarities):
            index.userItems.withUnsafeBufferPointer { userItems in
                index.userValues.withUnsafeBufferPointer { userValues in
                    for list in entities.indices {
                        let entity = entities[list], similarity = similarities[list]
                        var cursor = cursors[list]
                        let end = ends[list]
                        while cursor < end {
                            let item = Int(userItems[cursor])
                            guard item < items.upperBound else { break }
                            body(
                                item - items.lowerBound,
                                Neighbour(similarity: similarity, entity: entity, rating: userValues[cursor]))
                            cursor += 1
                        }
                        cursors[list] = cursor
                    }
                }
            }
        }
    }
}

/// The y side's bias of each item's prediction: the user's (item-based), or each item's own (user-based).
struct SweepBias {
    let perItem: [Double]
    let user: Double

    @inline(__always) subscript(item: Int) -> Double { perItem.isEmpty ? user : perItem[item] }
}

/// What one block of items gathered: each item's count of candidates, the
/// sums of those with at most `k`, and the candidates of the others.
struct SweepBlock {
    private(set) var items = 0..<0
    private var counts: [Int]
    private var partial: [NeighbourSums]
    private var overflowStart: [Int]
    private var overflow: [Neighbour] = []
    private var selection: [Neighbour] = []

    init(length: Int) {
        counts = Array(repeating: 0, count: length)
        partial = Array(repeating: NeighbourSums(), count: length)
        overflowStart = Array(repeating: 0, count: length + 1)
    }

    mutating func gather(sweep: inout NeighbourSweep, items: Range<Int>, k: Int, arithmetic: NeighbourArithmetic) {
        self.items = items
        let slots = items.count
        for slot in 0..<slots {
            counts[slot] = 0
            partial[slot] = NeighbourSums()
        }
        // Count, then walk the same candidates again from the same place.
        let start = sweep.cursors
        counts.withUnsafeMutableBufferPointer { counts in
            sweep.walk(items) { slot, _ in counts[slot] += 1 }
        }
        sweep.cursors = start
        var total = 0
        for slot in 0..<slots {
            overflowStart[slot] = total
            if counts[slot] > k { total += counts[slot] }
        }
        overflowStart[slots] = total
        if overflow.count < total {
            overflow.append(
                contentsOf: repeatElement(Neighbour(similarity: 0, entity: 0, rating: 0), count: total - overflow.count))
        }
        var next = overflowStart
        let lowerBound = items.lowerBound, yBias = sweep.yBias
        counts.withUnsafeBufferPointer { counts in
            partial.withUnsafeMutableBufferPointer { partial in
                overflow.withUnsafeMutableBufferPointer { overflow in
                    next.withUnsafeMutableBufferPointer { next in
                        sweep.walk(items) { slot, candidate in
                            if counts[slot] > k {
                                overflow[next[slot]] = candidate
                                next[slot] += 1
                            } else {
                                arithmetic.add(candidate, yBias: yBias[lowerBound + slot], to: &partial[slot])
                            }
                        }
                    }
                }
            }
        }
    }

    /// The sums of the best `k` candidates of `slot`.
    mutating func sums(slot: Int, k: Int, yBias: Double, arithmetic: NeighbourArithmetic) -> NeighbourSums {
        guard counts[slot] > k else { return partial[slot] }
        let range = overflowStart[slot]..<(overflowStart[slot] + counts[slot])
        return overflow.withUnsafeBufferPointer { overflow in
            arithmetic.sumBest(UnsafeBufferPointer(rebasing: overflow[range]), k: k, yBias: yBias, selection: &selection)
        }
    }
}
