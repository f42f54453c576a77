import Testing

@testable import MLCore

@Suite struct AttributeFileTests {
    static let options = AttributeFileOptions(
        delimiter: .tab, id: "user_id",
        attributes: [
            AttributeColumn(name: "age", column: "age", encoding: .numeric),
            AttributeColumn(name: "gender", column: "gender", encoding: .categorical),
            AttributeColumn(name: "genres", column: "class", encoding: .multiValued(separator: " ")),
        ])

    static func parse(_ text: String, options: AttributeFileOptions = options) throws(RatingFileError) -> AttributeTable {
        try AttributeFile.parse(Array(text.utf8), path: "users.tsv", options: options)
    }

    @Test func eachEncodingGivesItsFeatures() throws {
        let table = try Self.parse(
            "user_id:token\tage:token\tgender:token\tclass:token_seq\n1\t20\tM\tComedy Drama\n2\t40\tF\tDrama\n3\t\tF\t\n")
        #expect(table.ids == ["1", "2", "3"])
        #expect(table.featureNames == ["age", "gender=M", "genres=Comedy", "genres=Drama", "gender=F"])
        #expect(table.attributes == ["age", "gender", "genres"])
        // Ages 20 and 40 standardise to −1 and 1; user 3 has no age and no genre.
        #expect(Array(table.features[0..<4]) == [0, 1, 2, 3] && Array(table.values[0..<4]) == [-1, 1, 0.5, 0.5])
        #expect(Array(table.features[4..<7]) == [0, 4, 3] && Array(table.values[4..<7]) == [1, 1, 1])
        #expect(Array(table.features[7...]) == [4] && table.offsets == [0, 4, 7, 8])
    }

    @Test func rowsFollowTheRatingsIdsAndTheSelectedAttributes() throws {
        let table = try Self.parse("user_id\tage\tgender\tclass\n1\t20\tM\tComedy\n2\t40\tF\tDrama\n")
        let rows = table.rows(for: ["2", "9", "1"], selected: ["gender"])
        #expect(rows.names == ["gender=M", "gender=F"])
        // User "9" is not in the file: no features.
        #expect(rows.offsets == [0, 1, 1, 2] && rows.features == [1, 0] && rows.values == [1, 1])
        #expect(rows.isWellFormed)
    }

    @Test func aMisspelledColumnIsNamedWithTheClosestHeader() {
        var options = Self.options
        options.attributes[1].column = "gendr"
        #expect {
            try Self.parse("user_id\tage\tgender\tclass\n1\t20\tM\tx\n", options: options)
        } throws: { error in
            guard let error = error as? RatingFileError else { return false }
            return error.code == .columnNotFound && error.line == 1 && error.candidates == ["gender"]
                && error.message.contains("attribute 'gender'")
        }
    }

    @Test func aRepeatedIdNamesBothLines() {
        #expect {
            try Self.parse("user_id\tage\tgender\tclass\n1\t20\tM\tx\n2\t30\tF\tx\n1\t40\tF\ty\n")
        } throws: { error in
            guard let error = error as? RatingFileError else { return false }
            return error.code == .duplicateID && error.line == 4 && error.firstLine == 2
        }
    }

    @Test func aNumericAttributeRefusesText() {
        #expect {
            try Self.parse("user_id\tage\tgender\tclass\n1\ttwenty\tM\tx\n")
        } throws: { error in
            guard let error = error as? RatingFileError else { return false }
            return error.code == .badRow && error.line == 2 && error.field == 2 && error.message.contains("numeric")
        }
    }

    @Test func aShortRowAndAnEmptyFileAreRefused() {
        #expect(throws: RatingFileError.self) { try Self.parse("user_id\tage\tgender\tclass\n1\t20\n") }
        #expect(throws: RatingFileError.self) { try Self.parse("\n\n") }
        #expect(throws: RatingFileError.self) { try Self.parse("user_id\tage\tgender\tclass\n") }
    }
}
