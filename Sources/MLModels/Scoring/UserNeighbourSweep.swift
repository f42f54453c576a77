import Synchronization

/// One user's sweep for user-based scoring: the item lists of the user and
/// its positively similar neighbours, ascending, walked block by block from
/// where the last block stopped. Each candidate comes with its list's
/// similarity, its rank among the user's possible neighbours (lower is
/// preferred, as `NeighbourArithmetic.sumBest` prefers) and its source, the
/// rating's place, from which `term` gives back the term its similarity weighs.
struct NeighbourSweep {
    let index: RatingIndex
    /// The entities, their similarities and ranks, and the list of each rank.
    let entities: [Int32]
    let similarities: [Double]
    let ranks: [Int32]
    let listOfRank: [Int32]
    let itemBiases: [Double]
    let arithmetic: NeighbourArithmetic
    /// Where each list continues, and where it ends.
    var cursors: [Int]
    let ends: [Int]

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

    /// How many ranks the candidates of an item can have.
    var rankCount: Int { entities.count }

    /// Adds one to `counts[slot]` for every candidate of `items`, and leaves the cursors where they were.
    func count(_ items: Range<Int>, into counts: UnsafeMutableBufferPointer<Int>) {
        let lowerBound = items.lowerBound, upperBound = items.upperBound
        index.userItems.withUnsafeBufferPointer { members in
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

    /// The term a candidate of `item` weighs: its rating's deviation, as `NeighbourArithmetic.add` computes it.
    @inline(__always) func term(rank: Int32, source: Int32, item: Int) -> Double {
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
            if starts[slot + 1] > k { rankCounts[slot] = sweep.rankCount }
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
    /// below `ranks`: one bit per rank, then counted word by word. A
    /// neighbour that rated the item more than once (events learned by a
    /// server) gives one candidate per rating, all of one rank: then the
    /// ranks are sorted, and every rating of the neighbour that reaches `k` is
    /// kept, as `NeighbourArithmetic.sumBest` keeps candidates equal to its threshold.
    private mutating func rankOfBest(_ k: Int, among range: Range<Int>, ranks: Int) -> Int {
        let words = (ranks + 63) / 64
        chosen.removeAll(keepingCapacity: true)
        chosen.append(contentsOf: repeatElement(0, count: words))
        var repeated = false
        for position in range {
            let rank = Int(candidates[position].rank), bit: UInt64 = 1 << UInt64(rank & 63)
            repeated = repeated || chosen[rank >> 6] & bit != 0
            chosen[rank >> 6] |= bit
        }
        if repeated { return Int(candidates[range].map(\.rank).sorted()[k - 1]) }
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
