/// A 64-bit hash of text that is the same in every process, run and
/// platform, unlike Swift's `Hasher`, which is seeded per process. Use it
/// where a hash decides an order that results depend on.
enum StableHash {
    /// FNV-1a over the UTF-8 bytes, then SplitMix64's finaliser: FNV-1a alone
    /// keeps ids that differ in their last character (`"11"`, `"12"`) close
    /// and in order, and the finaliser spreads them over the whole range.
    static func of(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce5_e9b9
        hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
        return hash ^ (hash >> 31)
    }
}
