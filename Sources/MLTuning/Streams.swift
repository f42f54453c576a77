import MLCore

/// Seeded random streams keyed by a purpose and an index (the position of a point in the
/// history, usually), so that a strategy's draws depend only on its seed and on where it
/// is in the search, never on how the proposals were batched.
enum Streams {
    static func generator(seed: UInt64, _ label: String, index: Int) -> SeededGenerator {
        SeededGenerator(seed: mix(seed ^ mix(UInt64(truncatingIfNeeded: index) &+ 0x9e37_79b9_7f4a_7c15)), label: label)
    }

    /// A 64-bit finaliser (SplitMix64's): nearby inputs give unrelated outputs.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce5_e9b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
