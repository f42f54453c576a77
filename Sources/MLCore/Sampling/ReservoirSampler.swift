/// A uniform sample of fixed size from a stream of unknown length, in one
/// pass and O(capacity) memory (Vitter's Algorithm R), for inputs larger than
/// memory. Feed elements with `add`; read `sample` at any point: it is a
/// uniform sample of everything added so far.
public struct ReservoirSampler<Element>: Sendable where Element: Sendable {
    public let capacity: Int
    /// The sample, in reservoir order (not the order of arrival).
    public private(set) var sample: [Element] = []
    /// How many elements have been offered.
    public private(set) var seen = 0
    private var generator: SeededGenerator

    public init(capacity: Int, seed: UInt64) {
        precondition(capacity >= 0, "capacity must not be negative")
        self.capacity = capacity
        generator = SeededGenerator(seed: seed, label: "sample.reservoir")
        sample.reserveCapacity(capacity)
    }

    public mutating func add(_ element: Element) {
        seen += 1
        if sample.count < capacity {
            sample.append(element)
            return
        }
        // Element number `seen` replaces a random slot with probability capacity / seen.
        let slot = generator.nextInt(below: seen)
        if slot < capacity { sample[slot] = element }
    }

    public mutating func add<S: Sequence>(contentsOf elements: S) where S.Element == Element {
        for element in elements { add(element) }
    }
}
