import PipelineBasics
import Testing

private struct ParseCode: Hashable, Sendable {
    private enum Kind: Hashable, Sendable { case badNumber, tooLong }
    private let kind: Kind
    private init(_ kind: Kind) { self.kind = kind }
    static let badNumber = Self(.badNumber)
    static let tooLong = Self(.tooLong)
}

private typealias ParseError = CodedError<ParseCode>

private struct Underlying: Error, Sendable, CustomStringConvertible {
    var line: Int
    var description: String { "line \(line) is empty" }
}

@Suite struct CodedErrorTests {
    @Test func messageAloneWithoutACause() {
        let error = ParseError(.tooLong, "the name is too long")
        #expect(error.code == .tooLong && error.code != .badNumber)
        #expect(error.cause == nil)
        #expect("\(error)" == "the name is too long")
    }

    @Test func causeIsKeptWholeAndShownAfterTheMessage() throws {
        let error = ParseError(.badNumber, "cannot read the seed", cause: Underlying(line: 3))
        let cause = try #require(error.cause as? Underlying)
        #expect(cause.line == 3)
        #expect("\(error)" == "cannot read the seed (line 3 is empty)")
    }

    @Test func errorsOfDifferentCodeTypesAreDifferentTypes() {
        let thrown: any Error = ParseError(.badNumber, "x")
        #expect(thrown is ParseError)
        #expect(!(thrown is CodedError<Int>))
    }
}
