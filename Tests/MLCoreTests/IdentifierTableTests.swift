import Testing
@testable import MLCore

@Suite("Identifier interning")
struct IdentifierTableTests {
    /// Short (packed) and long (hashed) identifiers, repeated and interleaved,
    /// get the same dense indices as a dictionary assigning them in order.
    @Test(arguments: [5, 11] as [UInt64])
    func matchesDictionaryReference(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var table = IdentifierTable(expectedCount: 4)
        var reference: [String: Int32] = [:]
        var order: [String] = []
        for _ in 0..<20_000 {
            let length = 1 + generator.nextInt(below: 14)
            let id = String((0..<length).map { _ in Character(Unicode.Scalar(UInt8(97 + generator.nextInt(below: 3)))) })
            let expected = reference[id] ?? Int32(reference.count)
            if reference[id] == nil {
                reference[id] = expected
                order.append(id)
            }
            let bytes = Array(id.utf8)
            let found = bytes.withUnsafeBufferPointer { table.index(of: $0.baseAddress!, from: 0, to: bytes.count) }
            #expect(found == expected)
        }
        #expect(table.names() == order)
    }
}

extension IdentifierTableTests {
    /// Decimal ids take a direct path; texts that look alike ("7", "07", "+7") must stay distinct.
    @Test func decimalLookalikesStayDistinct() {
        var table = IdentifierTable()
        let ids = ["7", "07", "+7", "7", "0", "00", "4194304", "4194303", "99999999", "0", "07"]
        let indices = ids.map { id in
            let bytes = Array(id.utf8)
            return bytes.withUnsafeBufferPointer { table.index(of: $0.baseAddress!, from: 0, to: bytes.count) }
        }
        #expect(indices == [0, 1, 2, 0, 3, 4, 5, 6, 7, 3, 1])
        #expect(table.names() == ["7", "07", "+7", "0", "00", "4194304", "4194303", "99999999"])
    }
}
