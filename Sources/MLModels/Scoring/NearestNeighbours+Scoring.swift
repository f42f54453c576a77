import Synchronization

extension NearestNeighbours.Fitted: AllItemScoring {
    /// Every item's neighbours for a user gathered in one sweep over the
    /// user's ratings instead of one search per item: item-based, the
    /// similarity columns of the items the user rated; user-based, the ratings
    /// of the user and its positively similar neighbours. Candidates reach each
    /// item ascending by entity, the order `estimate` adds them in, so every
    /// score is the same bits as the single prediction. A first pass counts
    /// each item's candidates, a second writes them into one run per item; an
    /// item with more than `k` keeps the `k` of lowest rank in its order of
    /// preference (`SimilarityColumns`), found with one bit per rank.
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
        // A block that earlier calls grew: a server's request would otherwise allocate and fill one.
        var block = sweepBlocks.take(length: blockLength)
        defer { sweepBlocks.give(block) }
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
                    if let columns {
                        NeighbourSweep(itemBasedFor: Int(user), model: self, columns: columns, arithmetic: arithmetic)
                    } else {
                        NeighbourSweep(userBasedFor: Int(user), model: self, arithmetic: arithmetic)
                    }
                var start = 0
                while start < itemCount {
                    let items = start..<min(itemCount, start + blockLength)
                    block.gather(sweep: &sweep, items: items, k: parameters.k)
                    for item in items {
                        let value = finish(user: user, item: item, block: &block, sweep: sweep, arithmetic: arithmetic)
                        out[base + item] = clip(value, to: scale)
                    }
                    start = items.upperBound
                }
            }
        }
    }

    private func finish(
        user: Int32, item: Int, block: inout SweepBlock, sweep: NeighbourSweep, arithmetic: NeighbourArithmetic
    ) -> Double {
        let item32 = Int32(item)
        guard index.isKnown(item: item32) else { return estimate(user: user, item: item32).value }
        let baseline = biases.estimate(user: user, item: item32, index: index)
        let x = parameters.on == .items ? item : Int(user)
        let sums = block.sums(slot: item - block.items.lowerBound, k: parameters.k, sweep: sweep, arithmetic: arithmetic)
        return arithmetic.estimate(sums, x: x, baseline: baseline).value
    }
}

/// One user's sweep: lists of items ascending, walked block by block from
/// where the last block stopped. Each candidate comes with its similarity,
/// its rank among the item's possible neighbours (lower is preferred, as
/// `NeighbourArithmetic.sumBest` prefers) and its source, from which `term`
/// gives back the term its similarity weighs.
struct NeighbourSweep {
    /// Item-based: column j of the matrix (items i, sim(i, j)) for each rated
    /// j; a candidate's source is its list, whose term every candidate shares.
    /// User-based: the ratings of each neighbour (and the user); a
    /// candidate's source is the rating's place, and its rank names its list.
    let columns: SimilarityColumns?
    /// Item-based: the columns' rank counts, held apart so that reading them copies nothing.
    let rankCounts: [Int32]
    /// Item-based: the items the user rated and their terms.
    let rated: [Int32]
    let terms: [Double]
    /// User-based: the entities, their similarities and ranks, and the list of each rank.
    let index: RatingIndex
    let entities: [Int32]
    let similarities: [Double]
    let ranks: [Int32]
    let listOfRank: [Int32]
    let itemBiases: [Double]
    let arithmetic: NeighbourArithmetic
    /// Where each list continues, and where it ends.
    var cursors: [Int]
    let ends: [Int]

    init(itemBasedFor user: Int, model: NearestNeighbours.Fitted, columns: SimilarityColumns, arithmetic: NeighbourArithmetic) {
        let ratings = model.sides.yOffsets[user]..<model.sides.yOffsets[user + 1]
        let rated = Array(model.sides.yMembers[ratings])
        // A rated item's term is the same for every item whose candidate it is.
        let userBias = model.sides.yBiases[user]
        terms = ratings.map { position in
            arithmetic.term(
                rating: model.sides.yValues[position], other: Int(model.sides.yMembers[position]), yBias: userBias)
        }
        self.columns = columns
        rankCounts = columns.rankCounts
        self.rated = rated
        index = model.index
        entities = []
        similarities = []
        ranks = []
        listOfRank = []
        itemBiases = []
        self.arithmetic = arithmetic
        cursors = rated.map { columns.offsets[Int($0)] }
        ends = rated.map { columns.offsets[Int($0) + 1] }
    }

    init(userBasedFor user: Int, model: NearestNeighbours.Fitted, arithmetic: NeighbourArithmetic) {
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
        // Every item's candidates come from these entities, so one order of preference serves all.
        let preferred = entities.indices.sorted {
            similarities[$0] != similarities[$1] ? similarities[$0] > similarities[$1] : entities[$0] < entities[$1]
        }
        var ranks = [Int32](repeating: 0, count: entities.count)
        for (rank, list) in preferred.enumerated() { ranks[list] = Int32(rank) }
        columns = nil
        rankCounts = []
        rated = []
        terms = []
        index = model.index
        self.entities = entities
        self.similarities = similarities
        self.ranks = ranks
        listOfRank = preferred.map { Int32($0) }
        itemBiases = model.sides.yBiases
        self.arithmetic = arithmetic
        cursors = entities.map { model.index.userOffsets[Int($0)] }
        ends = entities.map { model.index.userOffsets[Int($0) + 1] }
    }

    /// Item-based when it sweeps similarity columns.
    var itemBased: Bool { columns != nil }

    /// How many ranks the candidates of `item` can have.
    func rankCount(_ item: Int) -> Int {
        itemBased ? Int(rankCounts[item]) : entities.count
    }

    /// Adds one to `counts[slot]` for every candidate of `items`, and leaves the cursors where they were.
    func count(_ items: Range<Int>, into counts: UnsafeMutableBufferPointer<Int>) {
        let lowerBound = items.lowerBound, upperBound = items.upperBound
        if itemBased {
            // Each rated item is its own candidate.
            for entity in rated where items.contains(Int(entity)) { counts[Int(entity) - lowerBound] += 1 }
        }
        (columns?.rows ?? index.userItems).withUnsafeBufferPointer { members in
            for list in cursors.indices {
                var cursor = cursors[list]
                let end = ends[list]
                while cursor < end {
                    let item = Int(members[cursor])
                    guard item < upperBound else { break }
                    counts[item - lowerBound] += 1
                    cursor += 1
                }
            }
        }
    }

    /// Calls `body(slot, similarity, rank, source)` for every candidate of
    /// `items`, each item's ascending by entity, and moves past them.
    @inline(__always) mutating func walk(_ items: Range<Int>, _ body: (Int, Double, Int32, Int32) -> Void) {
        if let columns {
            columns.rows.withUnsafeBufferPointer { rows in
                columns.values.withUnsafeBufferPointer { values in
                    columns.ranks.withUnsafeBufferPointer { ranks in
                        for list in rated.indices {
                            let entity = Int(rated[list]), source = Int32(list)
                            if items.contains(entity) {
                                body(entity - items.lowerBound, 1, columns.selfRanks[entity], source)
                            }
                            var cursor = cursors[list]
                            let end = ends[list]
                            while cursor < end {
                                let item = Int(rows[cursor])
                                guard item < items.upperBound else { break }
                                body(item - items.lowerBound, values[cursor], ranks[cursor], source)
                                cursor += 1
                            }
                            cursors[list] = cursor
                        }
                    }
                }
            }
        } else {
            index.userItems.withUnsafeBufferPointer { userItems in
                for list in entities.indices {
                    let similarity = similarities[list], rank = ranks[list]
                    var cursor = cursors[list]
                    let end = ends[list]
                    while cursor < end {
                        let item = Int(userItems[cursor])
                        guard item < items.upperBound else { break }
                        body(item - items.lowerBound, similarity, rank, Int32(cursor))
                        cursor += 1
                    }
                    cursors[list] = cursor
                }
            }
        }
    }

    /// The term a candidate of `item` weighs: its list's (item-based), or
    /// its rating's deviation (user-based), as `NeighbourArithmetic.add` computes it.
    @inline(__always) func term(rank: Int32, source: Int32, item: Int) -> Double {
        if itemBased { return terms[Int(source)] }
        let list = Int(listOfRank[Int(rank)])
        return arithmetic.term(rating: index.userValues[Int(source)], other: Int(entities[list]), yBias: itemBiases[item])
    }
}

/// What one block of items gathered: each item's candidates, one after the
/// other in entity order, each a similarity, a rank and a source
/// (`NeighbourSweep`), 16 bytes, so that the walk's scattered writes stay small.
struct SweepBlock {
    struct Candidate {
        var similarity: Double
        var rank: Int32
        var source: Int32
    }

    private(set) var items = 0..<0
    /// Item `slot`'s candidates are `candidates[starts[slot]..<starts[slot + 1]]`.
    private var starts: [Int]
    private var candidates: [Candidate] = []
    /// How many ranks each item's candidates can have.
    private var rankCounts: [Int]
    /// One bit per rank of the item being selected.
    private var chosen: [UInt64] = []

    init(length: Int) {
        starts = Array(repeating: 0, count: length + 1)
        rankCounts = Array(repeating: 0, count: length)
    }

    /// How many items a block holds.
    var length: Int { rankCounts.count }

    /// Counts each item's candidates, then walks them again into place: no
    /// branch on the item's count in the walk, which visits every candidate.
    mutating func gather(sweep: inout NeighbourSweep, items: Range<Int>, k: Int) {
        self.items = items
        let slots = items.count
        for slot in 0...slots { starts[slot] = 0 }
        starts.withUnsafeMutableBufferPointer { starts in
            sweep.count(items, into: UnsafeMutableBufferPointer(rebasing: starts[1...]))
        }
        for slot in 0..<slots {
            if starts[slot + 1] > k { rankCounts[slot] = sweep.rankCount(items.lowerBound + slot) }
            starts[slot + 1] += starts[slot]
        }
        let total = starts[slots]
        if candidates.count < total {
            candidates.append(
                contentsOf: repeatElement(Candidate(similarity: 0, rank: 0, source: 0), count: total - candidates.count))
        }
        var next = Array(starts[0..<slots])
        candidates.withUnsafeMutableBufferPointer { candidates in
            next.withUnsafeMutableBufferPointer { next in
                sweep.walk(items) { slot, similarity, rank, source in
                    candidates[next[slot]] = Candidate(similarity: similarity, rank: rank, source: source)
                    next[slot] += 1
                }
            }
        }
    }

    /// The sums of the best `k` candidates of `slot`, added in entity order:
    /// all of them when there are at most `k`; else the `k` of lowest rank,
    /// the ones `NeighbourArithmetic.sumBest` selects.
    mutating func sums(slot: Int, k: Int, sweep: NeighbourSweep, arithmetic: NeighbourArithmetic) -> NeighbourSums {
        let range = starts[slot]..<starts[slot + 1]
        var last = Int32.max
        if range.count > k { last = Int32(rankOfBest(k, among: range, ranks: rankCounts[slot])) }
        let item = items.lowerBound + slot
        var sums = NeighbourSums()
        candidates.withUnsafeBufferPointer { candidates in
            for position in range where candidates[position].rank <= last {
                let candidate = candidates[position]
                let term = sweep.term(rank: candidate.rank, source: candidate.source, item: item)
                arithmetic.add(similarity: candidate.similarity, term: term, to: &sums)
            }
        }
        return sums
    }

    /// The rank of the `k`-th preferred candidate in `range`, whose ranks are
    /// distinct and below `ranks`: one bit per rank, then counted word by word.
    private mutating func rankOfBest(_ k: Int, among range: Range<Int>, ranks: Int) -> Int {
        let words = (ranks + 63) / 64
        chosen.removeAll(keepingCapacity: true)
        chosen.append(contentsOf: repeatElement(0, count: words))
        for position in range {
            let rank = Int(candidates[position].rank)
            chosen[rank >> 6] |= 1 << UInt64(rank & 63)
        }
        var remaining = k
        for word in 0..<words {
            let bits = chosen[word].nonzeroBitCount
            guard bits >= remaining else {
                remaining -= bits
                continue
            }
            var value = chosen[word]
            for _ in 1..<remaining { value &= value - 1 }
            return word * 64 + value.trailingZeroBitCount
        }
        return ranks
    }
}

/// Blocks that finished scorings left, for the next ones: concurrent
/// scorings each take their own.
final class SweepBlockPool: Sendable {
    private let blocks = Mutex<[SweepBlock]>([])
    /// Blocks kept at most; more were taken at once only under a burst.
    private static let kept = 8

    func take(length: Int) -> SweepBlock {
        blocks.withLock { blocks in
            if let index = blocks.lastIndex(where: { $0.length == length }) { return blocks.remove(at: index) }
            return SweepBlock(length: length)
        }
    }

    func give(_ block: SweepBlock) {
        blocks.withLock { blocks in
            if blocks.count < Self.kept { blocks.append(block) }
        }
    }
}
