/// Maps identifiers, given as raw bytes, to dense indices in order of first
/// appearance, without building a `String` per lookup. Open addressing with
/// linear probing over an arena holding every identifier's bytes once.
struct IdentifierTable {
    private var arena: [UInt8] = []
    /// `starts[i]..<starts[i + 1]` are the bytes of identifier `i`.
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Identifier index + 1 per slot; 0 marks an empty slot.
    private var slots: [Int32]
    private var mask: Int
    /// The last identifier looked up: sorted files repeat ids row after row.
    private var lastIndex: Int32 = -1

    init(expectedCount: Int = 1024) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
    }

    var count: Int { hashes.count }

    /// The index of the identifier in `bytes[start..<end]`, adding it when new.
    mutating func index(of bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int32 {
        let length = end - start
        if lastIndex >= 0, matches(Int(lastIndex), bytes + start, length) { return lastIndex }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 // FNV-1a
        for offset in start..<end {
            hash ^= UInt64(bytes[offset])
            hash &*= 0x0000_0100_0000_01b3
        }
        var slot = Int(truncatingIfNeeded: (hash ^ (hash >> 29)) &* 0xbf58_476d_1ce5_e9b9) & mask
        while true {
            let stored = Int(slots[slot]) - 1
            if stored < 0 { break }
            if hashes[stored] == hash, matches(stored, bytes + start, length) {
                lastIndex = Int32(stored)
                return lastIndex
            }
            slot = (slot + 1) & mask
        }
        let newIndex = Int32(hashes.count)
        arena.append(contentsOf: UnsafeBufferPointer(start: bytes + start, count: length))
        starts.append(arena.count)
        hashes.append(hash)
        slots[slot] = newIndex + 1
        lastIndex = newIndex
        if hashes.count * 2 > slots.count { grow() }
        return newIndex
    }

    /// Every identifier as a string, by index.
    func names() -> [String] {
        arena.withUnsafeBufferPointer { all in
            (0..<count).map { i in
                String(decoding: UnsafeBufferPointer(rebasing: all[starts[i]..<starts[i + 1]]), as: UTF8.self)
            }
        }
    }

    private func matches(_ index: Int, _ candidate: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        let start = starts[index]
        guard starts[index + 1] - start == length else { return false }
        return arena.withUnsafeBufferPointer { all in
            for offset in 0..<length where all[start + offset] != candidate[offset] { return false }
            return true
        }
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        slots = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: (hash ^ (hash >> 29)) &* 0xbf58_476d_1ce5_e9b9) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
    }
}
