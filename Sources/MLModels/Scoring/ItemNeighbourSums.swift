import Synchronization

/// Item-based all-item scoring of one known user: every item's neighbour
/// sums in one pass over the columns of the items the user rated, and a
/// selection only for the items with more than `k` rated neighbours.
///
/// The columns are walked in ascending order of the rated item, so each
/// item's sums take its neighbours in entity order, as `estimate` adds them:
/// an item with at most `k` keeps the pass's sums, the same bits. An item with
/// more takes its first `k` rated neighbours in its row's order of
/// preference, marked one bit per place, and adds them again in entity order.
/// The pass marks each rated neighbour's rank in the row, one bit per rank
/// for the first `trackedRanks`, so those `k` are the first `k` bits; only
/// when fewer than `k` lie that far up does the row's list get walked.
/// A user who rated many items (a third of the places of all rows in its
/// columns) skips the pass: each item walks its row in order of preference
/// to its first `k` rated neighbours, found within a few dozen places.
/// A user who rated an item more than once (events learned by a server) has
/// one candidate per rating, as in `estimate`: the pass adds each, and the
/// selection counts each, keeping every rating of the last entity it takes.
///
/// Sendable as one scoring's scratch: a pool hands it to one scoring at a time.
final class ItemNeighbourSums: @unchecked Sendable {
    /// Per item: the sums so far, how many were added, and the ranks of the rated neighbours.
    private let tallies: ItemTallies
    /// Per entity: how many times the user rated it, the term of the first
    /// rating and where that rating stands in the user's list.
    private let rated: UnsafeMutableBufferPointer<Int32>
    private let terms: UnsafeMutableBufferPointer<Double>
    private let firstRatings: UnsafeMutableBufferPointer<Int>
    /// The places of the row being selected that it keeps, in order of
    /// preference, then one bit per place to add them in entity order.
    private let picked: UnsafeMutableBufferPointer<Int32>
    private let chosen: UnsafeMutableBufferPointer<UInt64>
    /// Ranks marked per item, a multiple of 64 up to `ItemTallies.markedRanks`.
    private let trackedRanks: Int
    /// The bias of the user being scored, for the terms of repeated ratings.
    private var userBias = 0.0
    /// Whether the user being scored rated some item more than once.
    private var repeats = false
    /// Whether the marks count each item's neighbours: every rank of every
    /// row is marked and no item was rated twice, so the pass counts nothing.
    private var countedByMarks = false

    /// Ranks marked per item by default: every rank of a row pruned to a
    /// few hundred neighbours (`keep`).
    static let defaultTrackedRanks = ItemTallies.markedRanks

    /// Scratch for `count` entities, rows of up to `longestRow` places and `k`
    /// neighbours, marking ranks below `trackedRanks` (a multiple of 64, at most 256).
    init(count: Int, longestRow: Int, k: Int, trackedRanks: Int = defaultTrackedRanks) {
        self.trackedRanks = Self.marked(trackedRanks)
        tallies = ItemTallies(count: count)
        rated = .allocate(capacity: count)
        rated.initialize(repeating: 0)
        terms = .allocate(capacity: count)
        terms.initialize(repeating: 0)
        firstRatings = .allocate(capacity: count)
        firstRatings.initialize(repeating: 0)
        picked = .allocate(capacity: k + 1)
        picked.initialize(repeating: 0)
        chosen = .allocate(capacity: (longestRow + 63) / 64)
        chosen.initialize(repeating: 0)
    }

    deinit {
        tallies.deallocate()
        rated.deallocate()
        terms.deallocate()
        firstRatings.deallocate()
        picked.deallocate()
        chosen.deallocate()
    }

    /// Whether this scratch fits `columns` and `k`.
    func fits(_ columns: SimilarityColumns, k: Int, trackedRanks: Int) -> Bool {
        tallies.count == columns.offsets.count - 1 && chosen.count == (columns.longestRow + 63) / 64
            && picked.count == k + 1 && self.trackedRanks == Self.marked(trackedRanks)
    }

    private static func marked(_ ranks: Int) -> Int { min(ItemTallies.markedRanks, max(64, (ranks + 63) / 64 * 64)) }

    /// Notes what `user` rated; returns the length of the pass over its
    /// columns (entries, one per rating and rated item).
    func note(user: Int, model: NearestNeighbours.Fitted, columns: SimilarityColumns, arithmetic: NeighbourArithmetic)
        -> Int
    {
        let sides = model.sides
        userBias = sides.yBiases[user]
        var length = 0
        for position in sides.yOffsets[user]..<sides.yOffsets[user + 1] {
            let entity = Int(sides.yMembers[position])
            if rated[entity] == 0 {
                terms[entity] = arithmetic.term(rating: sides.yValues[position], other: entity, yBias: userBias)
                firstRatings[entity] = position
            } else {
                repeats = true
            }
            rated[entity] += 1
            length += 1 + columns.offsets[entity + 1] - columns.offsets[entity]
        }
        return length
    }

    /// Adds every rated item's column: the pass that visits every candidate.
    func gather(user: Int, model: NearestNeighbours.Fitted, columns: SimilarityColumns, arithmetic: NeighbourArithmetic) {
        let sides = model.sides
        let ratings = sides.yOffsets[user]..<sides.yOffsets[user + 1]
        countedByMarks = !repeats && columns.longestRow <= trackedRanks
        let tracked = trackedRanks
        columns.rows.withUnsafeBufferPointer { rows in
            columns.values.withUnsafeBufferPointer { values in
                columns.columnRanks.withUnsafeBufferPointer { ranks in
                    for position in ratings {
                        let entity = Int(sides.yMembers[position])
                        let term = arithmetic.term(rating: sides.yValues[position], other: entity, yBias: userBias)
                        let columnEntries = columns.offsets[entity]..<columns.offsets[entity + 1]
                        // The rated item is its own neighbour, with similarity 1, at its place in entity order.
                        let own = Int(columns.ownRanks[entity])
                        if countedByMarks {
                            tallies.addMarking(item: entity, similarity: 1, term: term, rank: own)
                            for cursor in columnEntries {
                                tallies.addMarking(
                                    item: Int(rows[cursor]), similarity: values[cursor], term: term, rank: Int(ranks[cursor]))
                            }
                        } else {
                            tallies.add(item: entity, similarity: 1, term: term, rank: min(own, tracked))
                            for cursor in columnEntries {
                                tallies.add(
                                    item: Int(rows[cursor]), similarity: values[cursor], term: term,
                                    rank: min(Int(ranks[cursor]), tracked))
                            }
                        }
                    }
                }
            }
        }
    }

    /// Item `item`'s sums, its best `k` neighbours only; zeroes its slot for the next user.
    func take(
        _ item: Int, k: Int, model: NearestNeighbours.Fitted, columns: SimilarityColumns,
        arithmetic: NeighbourArithmetic
    ) -> NeighbourSums {
        guard item < tallies.count else { return NeighbourSums() }
        let count = countedByMarks ? tallies.markedCount(item) : tallies.added(item), total = tallies.sums(item)
        defer { tallies.clear(item) }
        guard count > k else { return NeighbourSums(usable: count, weightSum: total[0], weighted: total[1]) }
        let start = columns.rowOffsets[item], end = columns.rowOffsets[item + 1]
        // A repeated entity counts once per rating: only the walk counts that way.
        guard !repeats, chooseFirstMarked(k, of: item, start: start, columns: columns) else {
            return walk(item, k: k, model: model, columns: columns, arithmetic: arithmetic)
        }
        return sumChosen(start: start, end: end, model: model, columns: columns, arithmetic: arithmetic)
    }

    /// Item `item`'s sums, its best `k` neighbours only, found by walking its
    /// row in order of preference: without a pass, for users whose pass would be long.
    func walk(
        _ item: Int, k: Int, model: NearestNeighbours.Fitted, columns: SimilarityColumns,
        arithmetic: NeighbourArithmetic
    ) -> NeighbourSums {
        guard item < tallies.count else { return NeighbourSums() }
        let start = columns.rowOffsets[item], end = columns.rowOffsets[item + 1]
        chooseByWalking(k, start: start, end: end, columns: columns)
        return sumChosen(start: start, end: end, model: model, columns: columns, arithmetic: arithmetic)
    }

    /// The user's marks of what it rated, cleared for the next user.
    func clear(user: Int, model: NearestNeighbours.Fitted) {
        let sides = model.sides
        for position in sides.yOffsets[user]..<sides.yOffsets[user + 1] { rated[Int(sides.yMembers[position])] = 0 }
        repeats = false
    }

    /// Marks as chosen the places of the first `k` marked ranks; false, and
    /// nothing marked, when fewer than `k` ranks below `trackedRanks` were rated.
    private func chooseFirstMarked(_ k: Int, of item: Int, start: Int, columns: SimilarityColumns) -> Bool {
        let words = trackedRanks / 64
        var marked = 0
        for word in 0..<words { marked += tallies.marks(item, word: word).nonzeroBitCount }
        guard marked >= k else { return false }
        var remaining = k
        let chosen = self.chosen
        columns.preferredPlaces.withUnsafeBufferPointer { places in
            for word in 0..<words where remaining > 0 {
                var bits = tallies.marks(item, word: word)
                while bits != 0 && remaining > 0 {
                    let place = Int(places[start &+ word &* 64 &+ bits.trailingZeroBitCount])
                    bits &= bits &- 1
                    chosen[place >> 6] |= 1 << UInt64(place & 63)
                    remaining &-= 1
                }
            }
        }
        return true
    }

    /// Marks as chosen the places of the `k` rated neighbours first in the
    /// row's order of preference (every rating of the last one taken).
    private func chooseByWalking(_ k: Int, start: Int, end: Int, columns: SimilarityColumns) {
        // Without a branch on whether each was rated: every place is written, and the next overwrites it unless rated.
        var found = 0, taken = 0, rank = start
        columns.preferredEntities.withUnsafeBufferPointer { entities in
            columns.preferredPlaces.withUnsafeBufferPointer { places in
                // The row holds more than k rated neighbours; the bound only guards memory.
                if repeats {
                    while found < k && rank < end {
                        let ratings = Int(rated[Int(entities[rank])])
                        picked[taken] = places[rank]
                        taken += ratings == 0 ? 0 : 1
                        found += ratings
                        rank += 1
                    }
                } else {
                    // Each rated entity once: what is found is what is taken.
                    while found < k && rank < end {
                        picked[found] = places[rank]
                        found += Int(rated[Int(entities[rank])])
                        rank += 1
                    }
                    taken = found
                }
            }
        }
        for place in picked[0..<taken] { chosen[Int(place) >> 6] |= 1 << UInt64(place & 63) }
    }

    /// The sums of the chosen places' neighbours, added in entity order; clears the choice.
    private func sumChosen(
        start: Int, end: Int, model: NearestNeighbours.Fitted, columns: SimilarityColumns,
        arithmetic: NeighbourArithmetic
    ) -> NeighbourSums {
        var sums = NeighbourSums()
        for word in 0..<((end - start + 63) / 64) {
            var bits = chosen[word]
            chosen[word] = 0
            while bits != 0 {
                let place = start + word * 64 + bits.trailingZeroBitCount
                bits &= bits - 1
                let entity = Int(columns.rowEntities[place]), similarity = columns.rowValues[place]
                guard repeats && rated[entity] > 1 else {
                    arithmetic.add(similarity: similarity, term: terms[entity], to: &sums)
                    continue
                }
                // Each rating of a repeated entity, in the user's order.
                let first = firstRatings[entity]
                for position in first..<(first + Int(rated[entity])) {
                    let term = arithmetic.term(rating: model.sides.yValues[position], other: entity, yBias: userBias)
                    arithmetic.add(similarity: similarity, term: term, to: &sums)
                }
            }
        }
        return sums
    }
}

/// Scratch that finished scorings left, for the next ones: concurrent
/// scorings each take their own.
final class ItemNeighbourSumsPool: Sendable {
    private let kept = Mutex<[ItemNeighbourSums]>([])
    /// Scratch kept at most; more was taken at once only under a burst.
    private static let limit = 8

    func take(for columns: SimilarityColumns, k: Int, trackedRanks: Int) -> ItemNeighbourSums {
        let reused = kept.withLock { kept in
            kept.lastIndex { $0.fits(columns, k: k, trackedRanks: trackedRanks) }.map { kept.remove(at: $0) }
        }
        return reused
            ?? ItemNeighbourSums(
                count: columns.offsets.count - 1, longestRow: columns.longestRow, k: k, trackedRanks: trackedRanks)
    }

    func give(_ scratch: ItemNeighbourSums) {
        kept.withLock { kept in
            if kept.count < Self.limit { kept.append(scratch) }
        }
    }
}
