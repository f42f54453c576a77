/// What item-based scoring's pass over the rated items' columns gathers per
/// item, one 64-byte line each: the similarity sum and the weighted sum, how
/// many neighbours were added, and one bit per rank (in the item's row's order
/// of preference) of a rated neighbour, for the first `markedRanks` ranks; a
/// last word takes the ranks beyond, never read. One line per item puts each
/// of the pass's scattered updates in one cache line instead of three.
struct ItemTallies {
    /// Ranks a line can mark: four words.
    static let markedRanks = 256
    private static let lineBytes = 64
    private static let countOffset = 16
    private static let marksOffset = 24
    private let base: UnsafeMutableRawPointer
    let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(byteCount: max(1, count) * Self.lineBytes, alignment: Self.lineBytes)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: max(1, count) * Self.lineBytes)
    }

    func deallocate() { base.deallocate() }

    /// Adds a neighbour of `item`: `rank` is its place in the item's order of
    /// preference, already at most the ranks marked (the word past them).
    @inline(__always)
    func add(item: Int, similarity: Double, term: Double, rank: Int) {
        addMarking(item: item, similarity: similarity, term: term, rank: rank)
        let line = base + item * Self.lineBytes
        let count = line.load(fromByteOffset: Self.countOffset, as: Int.self)
        line.storeBytes(of: count &+ 1, toByteOffset: Self.countOffset, as: Int.self)
    }

    /// Adds a neighbour of `item` without counting it: when every rank is
    /// marked and each neighbour comes once, the marks count them (`markedCount`).
    @inline(__always)
    func addMarking(item: Int, similarity: Double, term: Double, rank: Int) {
        let line = base + item * Self.lineBytes
        let sums = line.load(as: SIMD2<Double>.self)
        line.storeBytes(of: sums + SIMD2(similarity, similarity * term), as: SIMD2<Double>.self)
        let word = Self.marksOffset + (rank >> 6) * 8
        let marks = line.load(fromByteOffset: word, as: UInt64.self)
        line.storeBytes(of: marks | 1 << UInt64(rank & 63), toByteOffset: word, as: UInt64.self)
    }

    /// Item `item`'s similarity sum and weighted sum, side by side.
    func sums(_ item: Int) -> SIMD2<Double> { (base + item * Self.lineBytes).load(as: SIMD2<Double>.self) }

    /// How many neighbours of `item` were added.
    func added(_ item: Int) -> Int {
        (base + item * Self.lineBytes).load(fromByteOffset: Self.countOffset, as: Int.self)
    }

    /// How many ranks of `item` are marked.
    func markedCount(_ item: Int) -> Int {
        let line = base + item * Self.lineBytes
        var count = 0
        for word in 0..<(Self.markedRanks / 64) {
            count &+= line.load(fromByteOffset: Self.marksOffset + word * 8, as: UInt64.self).nonzeroBitCount
        }
        return count
    }

    /// Word `word` of item `item`'s marks: ranks `64 * word ..< 64 * (word + 1)`.
    func marks(_ item: Int, word: Int) -> UInt64 {
        (base + item * Self.lineBytes).load(fromByteOffset: Self.marksOffset + word * 8, as: UInt64.self)
    }

    /// Zeroes item `item`'s line for the next user.
    func clear(_ item: Int) {
        (base + item * Self.lineBytes).storeBytes(of: SIMD8<UInt64>.zero, as: SIMD8<UInt64>.self)
    }
}
