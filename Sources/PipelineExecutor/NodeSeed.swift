/// Per-node seeds: a function of the pipeline seed and the node id only, so a
/// node draws the same numbers whatever runs before or beside it.
public enum NodeSeed {
    public static func derive(pipelineSeed: UInt64, nodeID: String) -> UInt64 {
        // FNV-1a over the id, then SplitMix64's finalizer to spread the bits.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in nodeID.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        var mixed = hash ^ (pipelineSeed &+ 0x9e37_79b9_7f4a_7c15)
        mixed = (mixed ^ (mixed >> 30)) &* 0xbf58_476d_1ce4_e5b9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94d0_49bb_1331_11eb
        return mixed ^ (mixed >> 31)
    }
}
