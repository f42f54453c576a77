/// A fixed-size buffer of doubles at a stable address, zero-initialised and freed with its
/// last reference: numeric kernels read and write several of them through plain pointers,
/// with no nested `withUnsafe…` closures. Kernels must keep the owner alive while they use
/// `base` (a stored property of the value whose method runs is enough).
final class DoubleBuffer {
    let count: Int
    let base: UnsafeMutablePointer<Double>

    init(count: Int) {
        self.count = Swift.max(count, 0)
        base = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(count, 1))
        base.initialize(repeating: 0, count: Swift.max(count, 1))
    }

    convenience init(_ values: [Double]) {
        self.init(count: values.count)
        for i in 0..<values.count { base[i] = values[i] }
    }

    deinit { base.deallocate() }

    var array: [Double] { Array(UnsafeBufferPointer(start: base, count: count)) }

    func fill(_ value: Double) {
        for i in 0..<count { base[i] = value }
    }
}
