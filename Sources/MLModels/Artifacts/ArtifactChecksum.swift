/// A 64-bit checksum of a byte range, eight bytes at a time: each word is
/// mixed in by a multiply and a rotation, so that any changed byte changes
/// the result with overwhelming probability. Not cryptographic: it detects
/// damage, not tampering.
enum ArtifactChecksum {
    static func of(_ bytes: [UInt8], count: Int) -> UInt64 {
        precondition(count <= bytes.count, "checksum past the end of the bytes")
        var hash: UInt64 = 0x9e37_79b9_7f4a_7c15 ^ UInt64(count)
        bytes.withUnsafeBytes { raw in
            let words = count / 8
            for k in 0..<words {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self))
                hash = mix(hash ^ word)
            }
            var tail: UInt64 = 0
            for k in (words * 8)..<count { tail = tail << 8 | UInt64(raw[k]) }
            hash = mix(hash ^ tail)
        }
        return hash
    }

    @inline(__always) private static func mix(_ value: UInt64) -> UInt64 {
        let product = value &* 0xff51_afd7_ed55_8ccd
        return (product << 31 | product >> 33) &* 0xc4ce_b9fe_1a85_ec53
    }
}
