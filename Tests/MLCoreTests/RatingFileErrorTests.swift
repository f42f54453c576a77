import Testing
@testable import MLCore

@Suite("Rating file errors")
struct RatingFileErrorTests {
    @Test(arguments: [
        ("a,x,1\nb,y\n", "r.csv:2:4: field 3 (rating): expected 3 fields, found 2"),
        ("a,x,1\nb,y,2,9\n", "r.csv:2:7: field 4: expected 3 fields, found 4"),
        ("a,x,1\nb,y,abc\n", "r.csv:2:5: field 3 (rating): \"abc\" is not a number"),
        ("a,x,1\nb,y,\n", "r.csv:2:5: field 3 (rating): \"\" is not a number"),
        ("a,x,1\nb,y,nan\n", "r.csv:2:5: field 3 (rating): \"nan\" is not a finite number"),
        ("a,x,1\nb,y,-inf\n", "r.csv:2:5: field 3 (rating): \"-inf\" is not a finite number"),
        ("a,x,1\nb,,2\n", "r.csv:2:3: field 2 (item): the item identifier is empty"),
        ("a,x,1\nb,y,0x3\n", "r.csv:2:5: field 3 (rating): \"0x3\" is not a number"),
        ("a,x,1\nb,y,0x1p2\n", "r.csv:2:5: field 3 (rating): \"0x1p2\" is not a number"),
        ("a,x,1\nb\u{0}c,y,2\n", "r.csv:2:2: field 1 (user): the user identifier holds a NUL byte"),
        ("a,x,1\n\"b,y,2\n", "r.csv:2:1: field 1 (user): the quoted field is not closed"),
        ("a,x,1\n\"b\"z,y,2\n", "r.csv:2:4: field 1 (user): unexpected text after a closing quote"),
    ])
    func badRowMessages(text: String, expected: String) {
        #expect(parseError(text, RatingFileOptions(header: .absent))?.description == expected)
    }

    /// Identifiers are text: bytes that are not UTF-8 would be taken as an id no one can type or print.
    @Test func identifierThatIsNotUTF8() {
        let bytes = Array("a,x,1\nb,".utf8) + [0x79, 0xff, 0x7a] + Array(",2\n".utf8)
        var thrown: RatingFileError?
        do {
            let loaded = try RatingFile.parse(bytes, path: "r.csv", options: RatingFileOptions(header: .absent))
            Issue.record("expected an error, got \(loaded.ratings.count) ratings")
        } catch {
            thrown = error
        }
        #expect(thrown?.description == "r.csv:2:4: field 2 (item): the item identifier is not valid UTF-8")
    }

    @Test func identifiersInOtherScriptsAreKept() throws {
        let loaded = try parseRatings("ñandú,日本,1\nb,y,2\n", RatingFileOptions(header: .absent))
        #expect(loaded.userIDs == ["ñandú", "b"] && loaded.itemIDs == ["日本", "y"])
    }

    @Test func badRowCarriesFactsAndFurtherCount() throws {
        let error = try #require(parseError("a,x,1\nb,y,zz\nc,y,zz\nd,y,\n", RatingFileOptions(header: .absent)))
        #expect(error.code == .badRow)
        #expect(error.description == "r.csv:2:5: field 3 (rating): \"zz\" is not a number; 2 more bad rows")
        #expect(error.line == 2 && error.column == 5 && error.field == 3 && error.role == .rating)
        #expect(error.furtherOccurrences == 2)
    }

    @Test func columnCountsCharactersNotBytes() {
        let error = parseError("é€,x,1\nñandú,y,bad\n", RatingFileOptions(header: .absent))
        #expect(error?.description == "r.csv:2:9: field 3 (rating): \"bad\" is not a number")
    }

    @Test func ratingOutsideScale() {
        let error = parseError("a,x,1\nb,y,7\n", RatingFileOptions(header: .absent, scale: 1...5))
        #expect(error?.description == "r.csv:2:5: field 3 (rating): 7 is outside the rating scale [1, 5]")
    }

    @Test func unparsableTime() {
        let columns = RatingColumns(user: 0, item: 1, rating: 2, time: 3)
        let error = parseError("a,x,1,10\nb,y,2,yesterday\n", RatingFileOptions(header: .absent, columns: columns))
        #expect(error?.description == "r.csv:2:7: field 4 (time): \"yesterday\" is neither a number nor an ISO 8601 date")
        #expect(error?.role == .time)
    }

    @Test func skipsBadRowsWhenAsked() throws {
        let loaded = try parseRatings("a,x,1\nb,y,zz\nc,z,3\nd,w\n", RatingFileOptions(header: .absent, skipBadRows: true))
        #expect(loaded.ratings.values == [1, 3])
        #expect(loaded.userIDs == ["a", "c"] && loaded.itemIDs == ["x", "z"])
        #expect(loaded.skippedRows == 2)
        #expect(loaded.firstSkippedRow?.description == "r.csv:2:5: field 3 (rating): \"zz\" is not a number; 1 more bad row")
    }

    @Test func allRowsBad() {
        let error = parseError("a,x,q\nb,y,zz\n", RatingFileOptions(header: .absent, skipBadRows: true))
        #expect(error?.code == .noRatings)
        #expect(error?.description == "r.csv: no usable rating rows: all 2 rows are bad")
    }

    @Test func duplicateIsAnErrorByDefault() throws {
        let error = try #require(parseError("u,i,r\na,x,1\nb,x,2\na,x,3\nb,x,4\na,x,5\n"))
        #expect(error.code == .duplicateRating)
        #expect(
            error.description
                == "r.csv:4: duplicate rating for user \"a\" and item \"x\": first on line 2, again on line 4; 2 more duplicates")
        #expect(error.firstLine == 2 && error.line == 4 && error.furtherOccurrences == 2)
    }

    @Test func duplicatePolicyLastAndMean() throws {
        let text = "u,i,r,t\na,x,1,10\nb,x,2,20\na,x,4,30\na,y,5,40\n"
        let columns = RatingColumns(user: "u", item: "i", rating: "r", time: "t")
        let last = try parseRatings(text, RatingFileOptions(columns: columns, duplicates: .last))
        #expect(last.ratings.values == [2, 4, 5] && last.ratings.times == [20, 30, 40] && last.mergedDuplicates == 1)
        let mean = try parseRatings(text, RatingFileOptions(columns: columns, duplicates: .mean))
        #expect(mean.ratings.values == [2, 2.5, 5] && mean.ratings.users == [1, 0, 0] && mean.mergedDuplicates == 1)
    }

    @Test func columnNotFoundSuggestsHeaderNames() throws {
        let columns = RatingColumns(user: "user", item: "item", rating: "raiting")
        let error = try #require(parseError("user,item,rating,ratings\n", RatingFileOptions(columns: columns)))
        #expect(error.code == .columnNotFound && error.role == .rating)
        #expect(error.candidates == ["rating", "ratings"])
        #expect(
            error.description
                == "r.csv:1: the rating column \"raiting\" is not in the header; did you mean \"rating\" or \"ratings\"?")
    }

    @Test func columnNotFoundListsHeaderWhenNothingIsClose() {
        let columns = RatingColumns(user: "user", item: "item", rating: "score")
        let error = parseError("user,item,stars\n", RatingFileOptions(columns: columns))
        #expect(error?.description == "r.csv:1: the rating column \"score\" is not in the header (columns: user, item, stars)")
    }

    @Test func columnIndexOutOfRange() {
        let columns = RatingColumns(user: 0, item: 1, rating: 5)
        let error = parseError("a,x,1\n", RatingFileOptions(header: .absent, columns: columns))
        #expect(error?.code == .columnOutOfRange)
        #expect(
            error?.description
                == "r.csv:1: the rating column index 5 is out of range: the first row has 3 fields (indices 0 to 2)")
    }

    @Test func nameWithoutHeader() {
        let error = parseError("a,x,1\n", RatingFileOptions(header: .absent, columns: byName))
        #expect(error?.code == .invalidOptions)
        #expect(error?.description == "r.csv: the user column is chosen by name (\"user\") but the file is read without a header")
    }

    @Test func twoRolesOnOneColumn() {
        let error = parseError("a,x,1\n", RatingFileOptions(columns: RatingColumns(user: 0, item: 0, rating: 2)))
        #expect(error?.description == "r.csv: the user and item columns are both field 1")
    }

    @Test(arguments: ["", "\n\n", "\r\n"])
    func emptyFile(text: String) {
        let error = parseError(text)
        #expect(error?.code == .emptyFile)
        #expect(error?.description == "r.csv: the file is empty")
    }

    @Test func headerOnly() {
        let error = parseError("user,item,rating\n")
        #expect(error?.description == "r.csv: the file has a header but no rating rows")
    }

    @Test func missingFile() {
        #expect(throws: RatingFileError(code: .fileNotFound, message: "file not found", path: "/nonexistent/ratings.csv")) {
            try RatingFile.load(path: "/nonexistent/ratings.csv")
        }
    }

    @Test func directoryIsNotAFile() {
        #expect(throws: RatingFileError(code: .unreadableFile, message: "is a directory, not a file", path: "/tmp")) {
            try RatingFile.load(path: "/tmp")
        }
    }
}

extension RatingFileErrorTests {
    /// Line numbers of duplicates survive blank lines, quoted line breaks and skipped bad rows before them.
    @Test func duplicateLinesAfterBlankQuotedAndSkippedRows() {
        let text = "u,i,r\n\n\"a\",x,1\nbad,x,zz\n\"multi\nline\",y,2\n\nb,y,3\nbad2,y\na,x,4\n"
        let error = parseError(text, RatingFileOptions(skipBadRows: true))
        #expect(
            error?.description == "r.csv:10: duplicate rating for user \"a\" and item \"x\": first on line 3, again on line 10")
        #expect(error?.firstLine == 3)
    }

    @Test func duplicateLinesWithoutHeader() {
        let error = parseError("a,x,1\nb,x,2\n\na,x,3\n", RatingFileOptions(header: .absent))
        #expect(error?.description == "r.csv:4: duplicate rating for user \"a\" and item \"x\": first on line 1, again on line 4")
    }
}
