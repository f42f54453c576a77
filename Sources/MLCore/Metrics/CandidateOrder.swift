/// The order of candidate items for all-item ranking: higher score first;
/// equal scores by a tie key (the `StableHash` of the item's id, as in
/// `UserRankings`), smaller first; then by index. A total order, so a
/// user's top-k list and an item's rank never disagree.
public struct CandidateOrder: Sendable {
    /// Per item index: the stable hash of its id.
    public let tieKeys: [UInt64]

    /// Tie keys from the item ids (`LoadedRatings.itemIDs`); nil stands for
    /// each index written in decimal, as synthetic data names items.
    public init(itemIDs: [String]?, itemCount: Int) {
        tieKeys = (0..<itemCount).map { StableHash.of(itemIDs?[$0] ?? String($0)) }
    }

    /// Whether item `a` (score `sa`) ranks before item `b` (score `sb`).
    @inline(__always)
    public func precedes(_ a: Int32, _ sa: Double, _ b: Int32, _ sb: Double) -> Bool {
        if sa != sb { return sa > sb }
        let ka = tieKeys[Int(a)], kb = tieKeys[Int(b)]
        return ka != kb ? ka < kb : a < b
    }

    /// The `count` best candidates of one user's `scores` (one per item),
    /// best first, leaving out `excluded` (ascending item indices).
    ///
    /// - Complexity: O(n log count) with a bounded min-heap of the best so far.
    public func top(_ count: Int, scores: UnsafeBufferPointer<Double>, excluding excluded: ArraySlice<Int32>) -> [Int32] {
        guard count > 0 else { return [] }
        // heap[0] is the worst kept candidate.
        var heap: [Int32] = []
        heap.reserveCapacity(count)
        func worse(_ a: Int32, _ b: Int32) -> Bool { precedes(b, scores[Int(b)], a, scores[Int(a)]) }
        func siftDown(_ start: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1, right = left + 1
                var worst = parent
                if left < heap.count, worse(heap[left], heap[worst]) { worst = left }
                if right < heap.count, worse(heap[right], heap[worst]) { worst = right }
                if worst == parent { return }
                heap.swapAt(parent, worst)
                parent = worst
            }
        }
        var skip = excluded.startIndex
        for index in 0..<scores.count {
            while skip < excluded.endIndex, Int(excluded[skip]) < index { skip += 1 }
            if skip < excluded.endIndex, Int(excluded[skip]) == index { continue }
            let item = Int32(index)
            if heap.count < count {
                heap.append(item)
                var child = heap.count - 1
                while child > 0 {
                    let parent = (child - 1) / 2
                    guard worse(heap[child], heap[parent]) else { break }
                    heap.swapAt(child, parent)
                    child = parent
                }
            } else if worse(heap[0], item) {
                heap[0] = item
                siftDown(0)
            }
        }
        return heap.sorted { precedes($0, scores[Int($0)], $1, scores[Int($1)]) }
    }

    /// The 1-based rank of `item` among the candidates (`item` itself
    /// included): 1 + the number of candidates that precede it.
    ///
    /// - Complexity: O(n).
    public func rank(of item: Int32, scores: UnsafeBufferPointer<Double>, excluding excluded: ArraySlice<Int32>) -> Int {
        let score = scores[Int(item)]
        var ahead = 0
        for index in 0..<scores.count where precedes(Int32(index), scores[index], item, score) { ahead += 1 }
        // Excluded items are not candidates; only those that would precede it were counted.
        for other in excluded where precedes(other, scores[Int(other)], item, score) { ahead -= 1 }
        return ahead + 1
    }
}
