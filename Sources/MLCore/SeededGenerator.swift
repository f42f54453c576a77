/// A small, fast, seedable random number generator (xoshiro256**), seeded
/// through SplitMix64. Its sequence is fixed by this file alone, never by the
/// standard library, so seeded results stay bit-identical across platforms.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        s0 = mixer.next(); s1 = mixer.next(); s2 = mixer.next(); s3 = mixer.next()
    }

    /// A generator for one named consumer of a seed (a fold, a model, a node):
    /// different labels give independent streams.
    public init(seed: UInt64, label: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a over the label's UTF-8
        for byte in label.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        self.init(seed: seed ^ hash)
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// A uniform double in [0, 1) from the top 53 bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in 0..<bound (bound > 0), by Lemire's multiply-shift with rejection.
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        var product = next().multipliedFullWidth(by: b)
        if product.low < b {
            let threshold = (0 &- b) % b
            while product.low < threshold { product = next().multipliedFullWidth(by: b) }
        }
        return Int(product.high)
    }

    /// A standard normal draw (Box-Muller; one of the pair is discarded for simplicity).
    public mutating func nextGaussian() -> Double {
        var u1 = nextUnit()
        while u1 == 0 { u1 = nextUnit() }
        let u2 = nextUnit()
        return (-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2)
    }

    /// Fisher-Yates shuffle with this generator's own integer draws.
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = nextInt(below: i + 1)
            if i != j { array.swapAt(i, j) }
        }
    }

    /// The same shuffle for row indices, without the generic swap that other
    /// modules cannot specialise (it cost more than the SGD passes of an update).
    public mutating func shuffle(_ array: inout [Int]) {
        guard array.count > 1 else { return }
        array.withUnsafeMutableBufferPointer { rows in
            for i in stride(from: rows.count - 1, to: 0, by: -1) {
                let j = nextInt(below: i + 1)
                if i != j { rows.swapAt(i, j) }
            }
        }
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

private struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce5_e9b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

#if canImport(Glibc)
    import Glibc
    private func _log(_ x: Double) -> Double { Glibc.log(x) }
    private func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#elseif canImport(Darwin)
    import Darwin
    private func _log(_ x: Double) -> Double { Darwin.log(x) }
    private func _cos(_ x: Double) -> Double { Darwin.cos(x) }
#endif
