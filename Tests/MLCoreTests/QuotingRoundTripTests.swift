import Testing
@testable import MLCore

/// Writes random identifiers with RFC 4180 quoting (delimiters, quotes, line
/// breaks, non-ASCII letters, blank lines, mixed line ends) and checks that
/// the loader reads back exactly what was written.
@Suite("Quoting round trip")
struct QuotingRoundTripTests {
    static let pieces = ["a", "b", "z", "7", "ç", "€", ",", ";", "\t", "\"", "\n", "\r\n", " ", "::"]

    static func randomID(_ generator: inout SeededGenerator) -> String {
        (0..<(1 + generator.nextInt(below: 6))).map { _ in pieces[generator.nextInt(below: pieces.count)] }.joined()
    }

    /// Quotes when needed; also quotes ids with edge spaces, which unquoted fields would lose.
    static func field(_ id: String, delimiter: String) -> String {
        let special =
            id.contains(delimiter) || id.contains("\"") || id.contains("\n") || id.contains("\r")
            || id.hasPrefix(" ") || id.hasSuffix(" ")
        return special ? "\"" + id.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : id
    }

    @Test(arguments: [(1, ","), (2, "\t"), (3, ";"), (4, "::")] as [(UInt64, String)])
    func readsBackWhatWasWritten(seed: UInt64, delimiter: String) throws {
        var generator = SeededGenerator(seed: seed)
        var text = "user\(delimiter)item\(delimiter)rating\n"
        var users: [String] = [], items: [String] = [], values: [Double] = []
        for row in 0..<400 {
            let user = Self.randomID(&generator), item = Self.randomID(&generator) + "#\(row)"
            let value = Double(1 + generator.nextInt(below: 5))
            users.append(user)
            items.append(item)
            values.append(value)
            text += [Self.field(user, delimiter: delimiter), Self.field(item, delimiter: delimiter), formatNumber(value)]
                .joined(separator: delimiter)
            text += generator.nextInt(below: 2) == 0 ? "\n" : "\r\n"
            if generator.nextInt(below: 10) == 0 { text += "\n" }
        }
        let options = RatingFileOptions(
            delimiter: Delimiter(delimiter), columns: RatingColumns(user: "user", item: "item", rating: "rating"))
        let loaded = try parseRatings(text, options)
        #expect(loaded.ratings.count == 400)
        #expect(loaded.ratings.users.map { loaded.userIDs[Int($0)] } == users)
        #expect(loaded.ratings.items.map { loaded.itemIDs[Int($0)] } == items)
        #expect(loaded.ratings.values == values)
    }
}
