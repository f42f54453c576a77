/// Which rows a streaming load keeps, decided row by row as the file is read,
/// so that a file larger than memory yields a sample that fits.
public enum StreamSampling: Sendable, Hashable {
    /// Each row with probability `fraction` (a Bernoulli sample).
    case uniform(fraction: Double)
    /// Exactly `size` rows (or every row of a shorter file), uniformly (Algorithm R).
    case reservoir(size: Int)
    /// The `count` latest rows by time (ties keep the earlier row).
    case recent(count: Int)
    /// Each user's (or item's) first row, then each further row with probability `fraction`:
    /// about that share of every user, and at least one row each.
    case stratified(by: Stratum, fraction: Double)
}

/// Where a streaming load puts the row it has just read.
enum SampleSlot: Equatable {
    case append
    case replace(Int)
    case skip
}

/// The one-pass decisions of a `StreamSampling`, with the state they need.
struct RowSampler {
    let sampling: StreamSampling
    private var generator: SeededGenerator
    private var seen = 0
    /// `recent`: a min-heap of (time, slot) over the kept rows.
    private var heap: [(time: Double, slot: Int)] = []
    /// `stratified`: whether each user (or item) index has a kept row yet.
    private var covered: [Bool] = []

    init(_ sampling: StreamSampling, seed: UInt64) {
        self.sampling = sampling
        generator = SeededGenerator(seed: seed, label: "load.sample")
    }

    /// Rows the sample will hold at most, when known (to reserve room once).
    var capacity: Int? {
        switch sampling {
        case .reservoir(let size): size
        case .recent(let count): count
        case .uniform, .stratified: nil
        }
    }

    /// The slot of the next row, given how many rows are kept so far.
    mutating func slot(time: Double, user: Int32, item: Int32, kept: Int) -> SampleSlot {
        seen += 1
        switch sampling {
        case .uniform(let fraction):
            return generator.nextUnit() < fraction ? .append : .skip
        case .reservoir(let size):
            if kept < size { return .append }
            let slot = generator.nextInt(below: seen)
            return slot < size ? .replace(slot) : .skip
        case .recent(let count):
            if kept < count {
                push((time, kept))
                return .append
            }
            guard count > 0, let oldest = heap.first, time > oldest.time else { return .skip }
            replaceTop((time, oldest.slot))
            return .replace(oldest.slot)
        case .stratified(let stratum, let fraction):
            let index = Int(stratum == .user ? user : item)
            if index >= covered.count { covered += [Bool](repeating: false, count: index + 1 - covered.count) }
            if !covered[index] {
                covered[index] = true
                return .append
            }
            return generator.nextUnit() < fraction ? .append : .skip
        }
    }

    private mutating func push(_ entry: (time: Double, slot: Int)) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].time < heap[parent].time else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func replaceTop(_ entry: (time: Double, slot: Int)) {
        heap[0] = entry
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].time < heap[smallest].time { smallest = left }
            if right < heap.count, heap[right].time < heap[smallest].time { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
