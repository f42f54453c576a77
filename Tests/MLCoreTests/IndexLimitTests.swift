import Testing

@testable import MLCore

/// Ratings and identifiers are numbered in 32 bits; past the limit a load
/// stops with a clear error at the row that crossed it, never a trap or a wrap.
/// The limits are lowered here so that the boundary is reachable in a test.
@Suite struct IndexLimitTests {
    static func file(users: Int, rows: Int) -> [UInt8] {
        var text = "user,item,rating\n"
        for row in 0..<rows { text += "u\(row % users),i\(row % 7),\(1 + row % 5)\n" }
        return Array(text.utf8)
    }

    @Test func exactlyAtTheLimitLoads() throws {
        let loaded = try RatingFile.parse(
            Self.file(users: 10, rows: 40), path: "r.csv", options: RatingFileOptions(duplicates: .last),
            limits: IndexLimits(identifiers: 10, rows: 40))
        #expect(loaded.userIDs.count == 10 && loaded.ratings.count + loaded.mergedDuplicates == 40)
    }

    @Test func oneIdentifierPastTheLimitIsAClearErrorAtItsLine() {
        do {
            _ = try RatingFile.parse(
                Self.file(users: 11, rows: 40), path: "r.csv", options: RatingFileOptions(duplicates: .last),
                limits: IndexLimits(identifiers: 10, rows: 1000))
            Issue.record("loaded past the limit")
        } catch {
            #expect(error.code == .tooLarge)
            #expect(error.line == 12, "the 11th user is on line 12")
            #expect(error.message.hasPrefix("more than 10 distinct users: identifiers are numbered in 32 bits"))
            #expect(error.message.contains("sample: {method: reservoir"))
        }
    }

    @Test func oneRowPastTheLimitIsAClearError() {
        do {
            _ = try RatingFile.parse(
                Self.file(users: 5, rows: 41), path: "r.csv", options: RatingFileOptions(duplicates: .last),
                limits: IndexLimits(identifiers: 100, rows: 40))
            Issue.record("loaded past the limit")
        } catch {
            #expect(error.code == .tooLarge && error.line == 42 && error.message.hasPrefix("more than 40 ratings"))
        }
    }

    @Test func theRealLimitsAreThoseOf32BitIndices() {
        #expect(IndexLimits.thirtyTwoBit.identifiers == 2_147_483_648)
        #expect(IndexLimits.thirtyTwoBit.rows == 2_147_483_647)
        // The identifier table refuses, rather than wraps, once full.
        var table = IdentifierTable(expectedCount: 4, limit: 2)
        let bytes = Array("abc".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            #expect(table.index(of: base, from: 0, to: 1) == 0)
            #expect(table.index(of: base, from: 1, to: 2) == 1)
            #expect(table.index(of: base, from: 2, to: 3) == -1)
            #expect(table.index(of: base, from: 0, to: 1) == 0, "known identifiers are still found")
        }
    }
}
