/// Maps identifiers, given as raw bytes, to dense indices in order of first
/// appearance, without building a `String` per lookup.
///
/// Open addressing with linear probing. Each slot holds a 64-bit key and the
/// identifier's length and index in 16 bytes, so one cache line answers most
/// lookups: identifiers of up to 8 bytes (most ids in rating files) are
/// their own key; longer ones are keyed by a hash and confirmed against an
/// arena holding every identifier's bytes once.
///
/// Canonical decimal identifiers below 2^22 (no sign, no leading zero) skip
/// the hash table: a direct array indexed by their value is far smaller than
/// the table for the same ids, so lookups stay in cache. A given text always
/// takes the same path, so both paths agree on indices.
struct IdentifierTable {
    /// Index + 1 of the identifier whose decimal value is the position; 0 when absent.
    private var numeric: [Int32] = []
    private static let numericLimit = 1 << 22  // at most 16 MB of direct array

    private struct Slot {
        var key: UInt64 = 0
        /// Identifier length; 0 marks an empty slot (empty identifiers are never stored).
        var length: UInt32 = 0
        var index: Int32 = 0
    }

    private var arena: [UInt8] = []
    /// `starts[i]..<starts[i + 1]` are the bytes of identifier `i`.
    private var starts: [Int] = [0]
    private var slots: [Slot]
    private var mask: Int
    /// The last identifier found through the hash table: sorted files repeat ids row after row.
    private var lastKey: UInt64 = 0
    private var lastLength: UInt32 = 0
    private var lastIndex: Int32 = -1

    /// Most identifiers the table holds: indices are 32-bit.
    let limit: Int

    init(expectedCount: Int = 1024, limit: Int = Int(Int32.max) + 1) {
        self.limit = limit
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = [Slot](repeating: Slot(), count: capacity)
        mask = capacity - 1
    }

    var count: Int { starts.count - 1 }

    /// The index of the non-empty identifier in `bytes[start..<end]`, adding it when new;
    /// -1 when it is new and the table already holds `limit` identifiers.
    mutating func index(of bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int32 {
        let length = end - start
        if let value = Self.smallDecimalValue(bytes + start, length) {
            return numericIndex(value, bytes + start, length)
        }
        let key = Self.key(bytes + start, length)
        let storedLength = UInt32(truncatingIfNeeded: length)
        if lastIndex >= 0, key == lastKey, storedLength == lastLength,
            length <= 8 || matches(Int(lastIndex), bytes + start, length)
        {
            return lastIndex
        }
        var slot = Self.slotNumber(key, storedLength) & mask
        while true {
            let entry = slots[slot]
            if entry.length == 0 { break }
            if entry.key == key, entry.length == storedLength, length <= 8 || matches(Int(entry.index), bytes + start, length) {
                remember(key, storedLength, entry.index)
                return entry.index
            }
            slot = (slot + 1) & mask
        }
        let newIndex = append(bytes + start, length)
        guard newIndex >= 0 else { return -1 }
        slots[slot] = Slot(key: key, length: storedLength, index: newIndex)
        remember(key, storedLength, newIndex)
        if count * 2 > slots.count { grow() }
        return newIndex
    }

    private mutating func numericIndex(_ value: Int, _ bytes: UnsafePointer<UInt8>, _ length: Int) -> Int32 {
        if value >= numeric.count {
            numeric.append(
                contentsOf: repeatElement(0, count: max(value + 1, min(numeric.count * 2, Self.numericLimit)) - numeric.count))
        }
        var index = numeric[value] - 1
        if index < 0 {
            index = append(bytes, length)
            guard index >= 0 else { return -1 }
            numeric[value] = index + 1
        }
        return index
    }

    /// The new identifier's index, or -1 when the table is full (a caller's error to report, never a trap).
    private mutating func append(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> Int32 {
        guard count < limit, let newIndex = Int32(exactly: count) else { return -1 }
        arena.append(contentsOf: UnsafeBufferPointer(start: bytes, count: length))
        starts.append(arena.count)
        return newIndex
    }

    /// The value of a canonical decimal below `numericLimit` (digits only, no leading zero unless "0").
    private static func smallDecimalValue(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> Int? {
        guard length <= 8, bytes[0] != UInt8(ascii: "0") || length == 1 else { return nil }
        var value = 0
        for offset in 0..<length {
            let digit = bytes[offset] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value < numericLimit ? value : nil
    }

    /// Every identifier as a string, by index.
    func names() -> [String] {
        arena.withUnsafeBufferPointer { all in
            (0..<count).map { i in
                String(decoding: UnsafeBufferPointer(rebasing: all[starts[i]..<starts[i + 1]]), as: UTF8.self)
            }
        }
    }

    private mutating func remember(_ key: UInt64, _ length: UInt32, _ index: Int32) {
        lastKey = key
        lastLength = length
        lastIndex = index
    }

    /// Up to 8 bytes packed little-endian; longer identifiers get an FNV-1a hash.
    private static func key(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        if length <= 8 {
            var packed: UInt64 = 0
            for offset in 0..<length { packed |= UInt64(bytes[offset]) << (8 * UInt64(offset)) }
            return packed
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for offset in 0..<length {
            hash ^= UInt64(bytes[offset])
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Spreads a key over the slots (SplitMix64's finaliser).
    private static func slotNumber(_ key: UInt64, _ length: UInt32) -> Int {
        var z = key ^ (UInt64(length) << 56)
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce5_e9b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return Int(truncatingIfNeeded: z ^ (z >> 31))
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
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        mask = slots.count - 1
        for entry in old where entry.length != 0 {
            var slot = Self.slotNumber(entry.key, entry.length) & mask
            while slots[slot].length != 0 { slot = (slot + 1) & mask }
            slots[slot] = entry
        }
    }
}
