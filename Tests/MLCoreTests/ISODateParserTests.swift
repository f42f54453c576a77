import Testing
@testable import MLCore

func parseISODate(_ text: String) -> Double? {
    let bytes = Array(text.utf8) + [0]
    return bytes.withUnsafeBufferPointer { ISODateParser.parse($0.baseAddress!, from: 0, to: bytes.count - 1) }
}

@Suite("ISO 8601 times")
struct ISODateParserTests {
    // Expected values are Unix times (as `date -u -d ... +%s` gives them).
    @Test(arguments: [
        ("1970-01-01", 0.0), ("2000-03-01", 951_868_800), ("1999-12-31T23:59:59Z", 946_684_799),
        ("2024-02-29 12:30", 1_709_209_800), ("1997-12-04T21:55:49", 881_272_549),
        ("2021-06-15T10:00:00+02:00", 1_623_744_000), ("2021-06-15T10:00:00-0130", 1_623_756_600),
        ("2021-06-15T10:00:00.25Z", 1_623_751_200.25), ("1969-12-31", -86_400), ("1600-01-01", -11_676_096_000),
    ])
    func parsesDates(text: String, expected: Double) {
        #expect(parseISODate(text) == expected)
    }

    @Test(arguments: [
        "2021-13-01", "2021-02-29", "2021-04-31", "2021-01-01T24:00", "2021-01-01T10:60", "2021-1-01",
        "2021-01-01T10", "2021-01-01T10:00:00.", "2021-01-01Z", "2021-01-01T10:00+2", "20210101", "yesterday",
    ])
    func rejectsMalformed(text: String) {
        #expect(parseISODate(text) == nil)
    }

    @Test func timeColumnAcceptsDates() throws {
        let columns = RatingColumns(user: 0, item: 1, rating: 2, time: 3)
        let loaded = try parseRatings("a,x,4,1970-01-02\nb,y,3,86400.5\n", RatingFileOptions(header: .absent, columns: columns))
        #expect(loaded.ratings.times == [86_400, 86_400.5])
    }
}
