import Foundation
import Testing

@testable import MLCore

/// A file read piece by piece, sampled as it is read: the rows kept are what a
/// whole load gives, and errors point at the same lines, wherever the pieces end.
@Suite struct StreamingLoadTests {
    /// `count` rows of user, item, rating, time, with quoted identifiers now and then.
    static func text(count: Int, badLine: Int? = nil) -> String {
        var lines = ["user,item,rating,time"]
        for row in 0..<count {
            let user = row % 37 == 0 ? "\"u \(row % 50),\nx\"" : "u\(row % 50)"
            let rating = lines.count + 1 == badLine ? "x" : String(1 + (row * 7) % 5)
            lines.append("\(user),i\((row * 13) % 41),\(rating),\(1000 + row)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "stream-\(UUID().uuidString).csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let options = RatingFileOptions(
        columns: RatingColumns(user: .name("user"), item: .name("item"), rating: .name("rating"), time: .name("time")),
        duplicates: .last)

    @Test(arguments: [64, 100, 257, 4096])
    func keepingEveryRowGivesTheWholeLoad(pieceBytes: Int) throws {
        let path = try Self.write(Self.text(count: 600))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let whole = try RatingFile.load(path: path, options: Self.options)
        let streamed = try RatingFile.load(
            path: path, options: Self.options, sampling: .uniform(fraction: 1), seed: 1, pieceBytes: pieceBytes)
        #expect(streamed.ratings == whole.ratings)
        #expect(streamed.userIDs == whole.userIDs && streamed.itemIDs == whole.itemIDs)
        #expect(streamed.mergedDuplicates == whole.mergedDuplicates)
    }

    @Test(arguments: [64, 333])
    func aBadRowIsReportedAtItsLineWhereverThePiecesEnd(pieceBytes: Int) throws {
        let path = try Self.write(Self.text(count: 400, badLine: 250))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var streamed: RatingFileError?
        var whole: RatingFileError?
        do {
            _ = try RatingFile.load(
                path: path, options: Self.options, sampling: .reservoir(size: 10), seed: 1, pieceBytes: pieceBytes)
        } catch { streamed = error }
        do {
            _ = try RatingFile.load(path: path, options: Self.options)
        } catch { whole = error }
        let error = try #require(streamed)
        #expect(error.line != nil && error.line == whole?.line && error.column == whole?.column, "\(error)")
    }

    @Test func aReservoirKeepsExactlyItsSizeTheSameWayForASeed() throws {
        let path = try Self.write(Self.text(count: 2000))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let options = RatingFileOptions(
            columns: RatingColumns(user: .name("user"), item: .name("item"), rating: .name("rating"), time: .name("time")),
            duplicates: .last)
        let first = try RatingFile.load(path: path, options: options, sampling: .reservoir(size: 300), seed: 7, pieceBytes: 512)
        let again = try RatingFile.load(path: path, options: options, sampling: .reservoir(size: 300), seed: 7, pieceBytes: 4096)
        let other = try RatingFile.load(path: path, options: options, sampling: .reservoir(size: 300), seed: 8, pieceBytes: 512)
        #expect(first.ratings.count + first.mergedDuplicates == 300)
        #expect(first.ratings == again.ratings, "the pieces do not change the draws")
        #expect(first.ratings != other.ratings)
        // Rows from the whole file, not only its start.
        let times = try #require(first.ratings.times)
        #expect((times.max() ?? 0) > 2500 && (times.min() ?? .infinity) < 1500)
    }

    @Test func recentKeepsTheLatestRows() throws {
        let path = try Self.write(Self.text(count: 500))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let options = RatingFileOptions(
            columns: RatingColumns(user: .name("user"), item: .name("item"), rating: .name("rating"), time: .name("time")))
        let recent = try RatingFile.load(path: path, options: options, sampling: .recent(count: 50), seed: 1, pieceBytes: 128)
        #expect(try #require(recent.ratings.times).sorted() == (450..<500).map { Double(1000 + $0) })
    }

    @Test func uniformAndStratifiedKeepAboutTheirShare() throws {
        let path = try Self.write(Self.text(count: 4000))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let options = RatingFileOptions(
            columns: RatingColumns(user: .name("user"), item: .name("item"), rating: .name("rating"), time: .name("time")),
            duplicates: .last)
        let uniform = try RatingFile.load(path: path, options: options, sampling: .uniform(fraction: 0.25), seed: 3)
        let kept = uniform.ratings.count + uniform.mergedDuplicates
        #expect(kept > 850 && kept < 1150, "\(kept) of 4000 at 0.25")
        let stratified = try RatingFile.load(
            path: path, options: options, sampling: .stratified(by: .user, fraction: 0.1), seed: 3)
        #expect(Set(stratified.ratings.users).count == Set(uniform.ratings.users).union(stratified.ratings.users).count)
    }
}
