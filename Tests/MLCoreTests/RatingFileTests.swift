import Testing
@testable import MLCore

/// Parses `text` as a file named `r.csv`.
func parseRatings(_ text: String, _ options: RatingFileOptions = RatingFileOptions()) throws(RatingFileError) -> LoadedRatings {
    try RatingFile.parse(Array(text.utf8), path: "r.csv", options: options)
}

/// The error `text` raises (failing the test when it parses).
func parseError(_ text: String, _ options: RatingFileOptions = RatingFileOptions()) -> RatingFileError? {
    do {
        let loaded = try parseRatings(text, options)
        Issue.record("expected an error, got \(loaded.ratings.count) ratings")
        return nil
    } catch {
        return error
    }
}

let byName = RatingColumns(user: "user", item: "item", rating: "rating", time: "time")

@Suite("Reading rating files")
struct RatingFileTests {
    @Test func readsCSVWithHeaderByName() throws {
        let loaded = try parseRatings(
            "user,item,rating,time\nalice,m1,4,100\nbob,m2,3.5,200\nalice,m2,5,300\n", RatingFileOptions(columns: byName))
        #expect(loaded.header == ["user", "item", "rating", "time"])
        #expect(loaded.userIDs == ["alice", "bob"])
        #expect(loaded.itemIDs == ["m1", "m2"])
        #expect(loaded.ratings.users == [0, 1, 0])
        #expect(loaded.ratings.items == [0, 1, 1])
        #expect(loaded.ratings.values == [4, 3.5, 5])
        #expect(loaded.ratings.times == [100, 200, 300])
        #expect(loaded.ratings.userCount == 2 && loaded.ratings.itemCount == 2)
        #expect(loaded.scale == 3.5...5 && loaded.scaleWasInferred)
        #expect(loaded.delimiter == .comma)
    }

    @Test(arguments: [("\t", Delimiter.tab), (";", .semicolon), ("|", .pipe), (",", .comma), ("::", .doubleColon)])
    func sniffsDelimiterWithoutHeader(separator: String, expected: Delimiter) throws {
        let text = ["1", "10", "3"].joined(separator: separator) + "\n" + ["2", "11", "4"].joined(separator: separator) + "\n"
        let loaded = try parseRatings(text)
        #expect(loaded.delimiter == expected)
        #expect(loaded.header == nil)
        #expect(loaded.userIDs == ["1", "2"] && loaded.itemIDs == ["10", "11"])
        #expect(loaded.ratings.values == [3, 4])
    }

    @Test func autoDetectsHeaderFromRatingField() throws {
        let withHeader = try parseRatings("u,i,r\n1,2,3\n")
        #expect(withHeader.header == ["u", "i", "r"] && withHeader.ratings.count == 1)
        let without = try parseRatings("1,2,3\n4,5,1\n", RatingFileOptions(header: .auto))
        #expect(without.header == nil && without.ratings.count == 2)
    }

    @Test func readsQuotedFieldsAndCRLF() throws {
        let text = "user,item,rating,time\r\n\"Smith, J\",\"The \"\"Best\"\" Film\",4,1\r\n\"multi\nline\",x,2,2\r\nplain,x,3,3"
        let loaded = try parseRatings(text, RatingFileOptions(columns: byName))
        #expect(loaded.userIDs == ["Smith, J", "multi\nline", "plain"])
        #expect(loaded.itemIDs == ["The \"Best\" Film", "x"])
        #expect(loaded.ratings.values == [4, 2, 3])
    }

    @Test func countsLinesInsideQuotedFields() {
        let error = parseError("user,item,rating,time\n\"a\nb\",x,2,1\nc,x,oops,2\n", RatingFileOptions(columns: byName))
        #expect(error?.description == "r.csv:4:5: field 3 (rating): \"oops\" is not a number")
    }

    @Test func matchesRecBoleHeaderByBaseName() throws {
        let text = "user_id:token\titem_id:token\trating:float\ttimestamp:float\n196\t242\t3\t881250949\n"
        let columns = RatingColumns(user: "user_id", item: "item_id", rating: "rating", time: "timestamp")
        let loaded = try parseRatings(text, RatingFileOptions(columns: columns))
        #expect(loaded.ratings.values == [3] && loaded.ratings.times == [881250949])
        #expect(loaded.userIDs == ["196"] && loaded.itemIDs == ["242"])
    }

    @Test func readsGroupColumn() throws {
        let columns = RatingColumns(user: 0, item: 1, rating: 2, group: 3)
        let loaded = try parseRatings("a,x,1,f2\nb,y,2,f1\nc,z,3,f2\n", RatingFileOptions(header: .absent, columns: columns))
        #expect(loaded.groups == [0, 1, 0])
        #expect(loaded.groupNames == ["f2", "f1"])
    }

    @Test func trimsSpacesAroundUnquotedFields() throws {
        let loaded = try parseRatings("a, x , 4\nb,y,2\n")
        #expect(loaded.itemIDs == ["x", "y"] && loaded.ratings.values == [4, 2])
    }

    @Test func givenScaleIsKept() throws {
        let loaded = try parseRatings("a,x,2\nb,y,3\n", RatingFileOptions(scale: 1...5))
        #expect(loaded.scale == 1...5 && !loaded.scaleWasInferred)
    }

    @Test func ignoresBlankLinesAndByteOrderMark() throws {
        let loaded = try RatingFile.parse([0xEF, 0xBB, 0xBF] + Array("a,x,1\n\n\nb,y,2\n\n".utf8), path: "r.csv")
        #expect(loaded.userIDs == ["a", "b"])
    }

    @Test func readsWideFiles() throws {
        let header = (0..<100).map { "c\($0)" }.joined(separator: ",")
        let row = (0..<100).map { String($0) }.joined(separator: ",")
        let loaded = try parseRatings(
            header + "\n" + row + "\n", RatingFileOptions(columns: RatingColumns(user: "c97", item: "c98", rating: "c99")))
        #expect(loaded.userIDs == ["97"] && loaded.itemIDs == ["98"] && loaded.ratings.values == [99])
    }
}

extension RatingFileTests {
    @Test(arguments: [
        ("comma", Delimiter.comma), ("TSV", .tab), ("tab", .tab), ("\\t", .tab), ("\t", .tab), (";", .semicolon),
        ("pipe", .pipe), ("space", .space), ("::", .doubleColon),
    ])
    func delimiterNames(name: String, expected: Delimiter) {
        #expect(Delimiter(named: name) == expected)
    }

    @Test(arguments: ["", "\"", "\n", "é", "colon", "|||||"])
    func unknownDelimiterNames(name: String) {
        #expect(Delimiter(named: name) == nil)
    }

    @Test func readsMultiByteDelimiter() throws {
        // MovieLens 1M's ratings.dat layout; a lone ':' inside a field is data.
        let loaded = try parseRatings(
            "1::1193::5::978300760\n2::a:b::3::978302109\n",
            RatingFileOptions(
                columns: RatingColumns(user: 0, item: 1, rating: 2, time: 3)))
        #expect(loaded.delimiter == .doubleColon)
        #expect(loaded.itemIDs == ["1193", "a:b"] && loaded.ratings.values == [5, 3])
        #expect(loaded.ratings.times == [978300760, 978302109])
    }

    @Test func multiByteDelimiterErrorsPointAtFields() {
        let error = parseError("1::10::5\n2::11::x\n", RatingFileOptions(delimiter: .doubleColon, header: .absent))
        #expect(error?.description == "r.csv:2:8: field 3 (rating): \"x\" is not a number")
    }
}

import Foundation

extension RatingFileTests {
    @Test func loadsFromDiskLikeFromMemory() throws {
        let text = "user\titem\trating\ttime\nu1\ti1\t4.5\t10\nu2\ti1\t2\t20\n"
        let path = NSTemporaryDirectory() + "mlcore-load-\(getpid()).tsv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fromDisk = try RatingFile.load(path: path, options: RatingFileOptions(columns: byName))
        let fromMemory = try RatingFile.parse(Array(text.utf8), path: path, options: RatingFileOptions(columns: byName))
        #expect(fromDisk == fromMemory)
        #expect(fromDisk.delimiter == .tab && fromDisk.ratings.values == [4.5, 2])
    }
}

extension RatingFileTests {
    /// Commas inside quoted fields of a TSV must not make the comma look like the delimiter.
    @Test func sniffingIgnoresQuotedText() throws {
        let text = "\"a,b\"\tx\t1\n\"c,d,e\"\ty\t2\n"
        let loaded = try parseRatings(text, RatingFileOptions(header: .absent))
        #expect(loaded.delimiter == .tab && loaded.userIDs == ["a,b", "c,d,e"])
    }
}
