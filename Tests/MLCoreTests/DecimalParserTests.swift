import Testing
@testable import MLCore

func parseDecimal(_ text: String) -> Double? {
    let bytes = Array(text.utf8) + [0]
    return bytes.withUnsafeBufferPointer { buffer in
        DecimalParser.parse(buffer.baseAddress!, from: 0, to: bytes.count - 1)
    }
}

@Suite("Parsing numbers from bytes")
struct DecimalParserTests {
    @Test(arguments: [
        ("0", 0.0), ("3", 3), ("-2", -2), ("+7", 7), ("4.5", 4.5), ("0.1", 0.1), (".5", 0.5), ("5.", 5),
        ("1e3", 1000), ("2.5E-3", 0.0025), ("881250949", 881250949), ("-0.000001", -0.000001),
        ("12345678901234567890", 12345678901234567890), ("1e300", 1e300),
        ("0.30000000000000004", 0.30000000000000004), ("9007199254740993", 9007199254740992),
    ])
    func parsesNumbers(text: String, expected: Double) {
        #expect(parseDecimal(text) == expected)
    }

    @Test(arguments: [
        "", "-", ".", "e5", "1e", "1.2.3", "abc", "1,5", " 1", "1 ", "--1", "0x3", "0x10", "-0x1p3", "0X1", "1e5x", "infinite",
        "nan(1)",
    ])
    func rejectsNonNumbers(text: String) {
        #expect(parseDecimal(text) == nil)
    }

    @Test func readsNonFiniteForCallerToReject() {
        #expect(parseDecimal("nan")?.isNaN == true)
        #expect(parseDecimal("inf") == .infinity)
        #expect(parseDecimal("1e999") == .infinity)
    }

    /// The fast path must round exactly as the standard library's correctly rounded parser does.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func agreesWithStandardLibrary(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<20_000 {
            let integerPart = generator.nextInt(below: 1_000_000)
            let fractionDigits = generator.nextInt(below: 12)
            var text = String(integerPart)
            if fractionDigits > 0 {
                text += "." + String((0..<fractionDigits).map { _ in Character(String(generator.nextInt(below: 10))) })
            }
            if generator.nextInt(below: 4) == 0 { text += "e" + String(generator.nextInt(below: 41) - 20) }
            if generator.nextInt(below: 2) == 0 { text = "-" + text }
            let expected = try #require(Double(text))
            #expect(parseDecimal(text) == expected, "\(text)")
        }
    }
}
