import Foundation
import Testing

@testable import ModelServer

/// The recommend route's hand-written JSON is byte for byte what
/// `JSONEncoder` with sorted keys wrote before.
@Suite struct JSONTextTests {
    static let ids = [
        "408", "", "u3", "a/b", "quote\"d", "back\\slash", "tab\there", "line\nbreak", "\u{1}\u{1F}\u{7F}",
        "\u{8}\u{C}\r", "café", "日本", "emoji 🎬", "</script>",
    ]
    static let scores: [Double] = [
        4.868673218794399, 5, 1, 0, -0.0, 3.5, 4.7315677026963625, 1e-7, 123_456_789_012_345_678, 1e300, -2.25,
        .leastNonzeroMagnitude, .infinity, -.infinity, .nan,
    ]

    @Test(arguments: [true, false])
    func recommendationTextIsTheEncodersBytes(known: Bool) throws {
        let items = Self.scores.enumerated().map { index, score in
            APIMessages.ScoredItem(item: Self.ids[index % Self.ids.count], score: score)
        }
        for user in Self.ids {
            let message = APIMessages.Recommendation(user: user, known: known, items: items)
            #expect(message.jsonText == String(decoding: try Self.encoded(message), as: UTF8.self), "\(user)")
        }
        let empty = APIMessages.Recommendation(user: "u", known: known, items: [])
        #expect(empty.jsonText == String(decoding: try Self.encoded(empty), as: UTF8.self))
    }

    /// Every ASCII character alone, escaped or not as the encoder does.
    @Test func everyAsciiCharacterMatches() throws {
        for value in UInt8(0)...UInt8(127) {
            let id = String(decoding: [value], as: UTF8.self)
            let message = APIMessages.Recommendation(user: id, known: true, items: [.init(item: id, score: 2)])
            #expect(message.jsonText == String(decoding: try Self.encoded(message), as: UTF8.self), "\(value)")
        }
    }

    /// As `JSONBody.response(_:status:)` encodes.
    private static func encoded(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(value)
    }
}
