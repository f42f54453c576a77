import Testing
@testable import MLCore

@Suite("Rating set bytes")
struct RatingSetBinaryTests {
    @Test(arguments: [1, 2] as [UInt64])
    func roundTripIsExact(seed: UInt64) throws {
        var ratings = try SyntheticRatings(
            SyntheticRatingsConfiguration(users: 50, items: 40, ratings: 500, step: nil, seed: seed)
        ).ratings
        let bytes = ratings.encodedBytes()
        #expect(bytes.count == 36 + 500 * 24)
        #expect(try RatingSet(encodedBytes: bytes) == ratings)
        #expect(ratings.encodedBytes() == bytes)
        ratings.times = nil
        #expect(try RatingSet(encodedBytes: ratings.encodedBytes()) == ratings)
    }

    @Test func keepsSpecialValuesBitForBit() throws {
        let ratings = RatingSet(
            users: [0, 1], items: [1, 0], values: [-0.0, 0.1 + 0.2], times: [1e300, -5], userCount: 2, itemCount: 3)
        let decoded = try RatingSet(encodedBytes: ratings.encodedBytes())
        #expect(decoded.values.map(\.bitPattern) == ratings.values.map(\.bitPattern))
        #expect(decoded.itemCount == 3)
    }

    @Test func rejectsDamagedBytes() {
        let bytes = RatingSet(users: [0, 1], items: [1, 0], values: [1, 2], userCount: 2, itemCount: 2).encodedBytes()
        var badIndex = bytes
        badIndex[36] = 9  // first user index beyond userCount
        var badVersion = bytes
        badVersion[4] = 7
        let cases: [([UInt8], String)] = [
            (Array(bytes.dropLast()), "invalid rating set encoding: 67 bytes do not match the header"),
            (Array("hello".utf8), "invalid rating set encoding: not a rating set"),
            (badIndex, "invalid rating set encoding: an index is outside its space"),
            (badVersion, "invalid rating set encoding: format version 7, expected 1"),
        ]
        for (damaged, message) in cases {
            do {
                _ = try RatingSet(encodedBytes: damaged)
                Issue.record("decoded damaged bytes")
            } catch {
                #expect(error.code == .invalidEncoding && error.message == message)
            }
        }
    }
}
