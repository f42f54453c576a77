extension NearestNeighbours.Fitted: AllItemScoring {
    /// Every item's neighbours for a user gathered in one sweep over the
    /// user's ratings instead of one search per item, added in the order
    /// `estimate` adds them, so every score is the same bits as the single
    /// prediction. Item-based, the similarity columns of the items the user
    /// rated add into per-item sums (`ItemNeighbourSums`); a user whose
    /// columns hold more than a third of all the rows' places walks each row
    /// in order of preference instead. User-based, the
    /// ratings of the user and its positively similar neighbours are swept
    /// in blocks of items: a first pass counts each item's candidates, a
    /// second writes them into one run per item; an item with more than `k`
    /// keeps the `k` of lowest rank, found with one bit per rank.
    ///
    /// - Complexity: per known user, O(candidates + items), where the
    ///   candidates are Σ over the user's rated items of their column lengths
    ///   (item-based, at most a third of the places of all rows; plus, for
    ///   each item with more than `k`, `k` or, when fewer than `k` of them
    ///   rank among its first 256, its row's length) or Σ over the user's
    ///   neighbours of their rating counts.
    public func scoreAllItems(users: [Int32], itemCount: Int, into scores: inout [Double]) {
        scoreAllItems(users: users, itemCount: itemCount, into: &scores, blockLength: 4096)
    }

    /// Item-based: the columns of the similarity matrix.
    public func prepareForScoring() {
        if parameters.on == .items { _ = columnsCache.columns(of: similarities) }
    }

    /// The share of all the rows' places beyond which a user's rated
    /// columns are not added but every row walked: a scattered addition of a
    /// column entry costs about as much as three steps of a walk along a row.
    static let walkingShare = 1.0 / 3

    /// `trackedRanks`: how many ranks per item the item-based pass marks
    /// (tests make it smaller than a row to reach the walk); `walkingShare`:
    /// beyond which share of the places a user's rows are walked (tests take
    /// 0 and infinity to reach each way).
    func scoreAllItems(
        users: [Int32], itemCount: Int, into scores: inout [Double], blockLength: Int,
        trackedRanks: Int = ItemNeighbourSums.defaultTrackedRanks, walkingShare: Double = walkingShare
    ) {
        resize(&scores, to: users.count * itemCount)
        let arithmetic = NeighbourArithmetic(self)
        scores.withUnsafeMutableBufferPointer { out in
            for (row, user) in users.enumerated() {
                let scores = UnsafeMutableBufferPointer(rebasing: out[(row * itemCount)..<((row + 1) * itemCount)])
                if !index.isKnown(user: user) {
                    for item in 0..<itemCount { scores[item] = clip(estimate(user: user, item: Int32(item)).value, to: scale) }
                } else if parameters.on == .items {
                    scoreItemBased(
                        user: user, into: scores, arithmetic: arithmetic, trackedRanks: trackedRanks,
                        walkingShare: walkingShare)
                } else {
                    scoreUserBased(user: user, into: scores, arithmetic: arithmetic, blockLength: blockLength)
                }
            }
        }
    }

    private func scoreItemBased(
        user: Int32, into scores: UnsafeMutableBufferPointer<Double>, arithmetic: NeighbourArithmetic, trackedRanks: Int,
        walkingShare: Double
    ) {
        let columns = columnsCache.columns(of: similarities)
        // Scratch that earlier calls made: a server's request would otherwise allocate and zero it.
        let sums = itemSums.take(for: columns, k: parameters.k, trackedRanks: trackedRanks)
        defer { itemSums.give(sums) }
        let passLength = sums.note(user: Int(user), model: self, columns: columns, arithmetic: arithmetic)
        // A user who rated many items finds each item's first k rated neighbours within a few dozen places of its row.
        let walking = Double(passLength) > walkingShare * Double(columns.rowEntities.count)
        if !walking { sums.gather(user: Int(user), model: self, columns: columns, arithmetic: arithmetic) }
        for item in scores.indices {
            let item32 = Int32(item)
            let value: Double
            // Taken for every item after a pass, so that each slot is zero for the next user.
            let best =
                walking
                ? sums.walk(item, k: parameters.k, model: self, columns: columns, arithmetic: arithmetic)
                : sums.take(item, k: parameters.k, model: self, columns: columns, arithmetic: arithmetic)
            if index.isKnown(item: item32) {
                let baseline = biases.estimate(user: user, item: item32, index: index)
                value = arithmetic.estimate(best, x: item, baseline: baseline).value
            } else {
                value = estimate(user: user, item: item32).value
            }
            scores[item] = clip(value, to: scale)
        }
        sums.clear(user: Int(user), model: self)
    }

    private func scoreUserBased(
        user: Int32, into scores: UnsafeMutableBufferPointer<Double>, arithmetic: NeighbourArithmetic, blockLength: Int
    ) {
        let itemCount = scores.count
        let blockLength = max(1, min(itemCount, blockLength))
        // A block that earlier calls grew: a server's request would otherwise allocate and fill one.
        var block = sweepBlocks.take(length: blockLength)
        defer { sweepBlocks.give(block) }
        var sweep = NeighbourSweep(userBasedFor: Int(user), model: self, arithmetic: arithmetic)
        var start = 0
        while start < itemCount {
            let items = start..<min(itemCount, start + blockLength)
            block.gather(sweep: &sweep, items: items, k: parameters.k)
            for item in items {
                let item32 = Int32(item)
                let value: Double
                if index.isKnown(item: item32) {
                    let baseline = biases.estimate(user: user, item: item32, index: index)
                    let sums = block.sums(
                        slot: item - block.items.lowerBound, k: parameters.k, sweep: sweep, arithmetic: arithmetic)
                    value = arithmetic.estimate(sums, x: Int(user), baseline: baseline).value
                } else {
                    value = estimate(user: user, item: item32).value
                }
                scores[item] = clip(value, to: scale)
            }
            start = items.upperBound
        }
    }
}
