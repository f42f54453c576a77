import Foundation
import Testing
import MLCore

/// data/ml-100k/ml-100k.inter under the repository root, fetched by scripts/fetch-movielens.sh.
let movieLensPath = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("data/ml-100k/ml-100k.inter").path

@Suite("MovieLens 100K", .enabled(if: FileManager.default.fileExists(atPath: movieLensPath), "run scripts/fetch-movielens.sh first"))
struct MovieLensTests {
    @Test func loadsByColumnNames() throws {
        let columns = RatingColumns(user: "user_id", item: "item_id", rating: "rating", time: "timestamp")
        let loaded = try RatingFile.load(path: movieLensPath, options: RatingFileOptions(columns: columns))
        #expect(loaded.ratings.count == 100_000)
        #expect(loaded.ratings.userCount == 943)
        #expect(loaded.ratings.itemCount == 1_682)
        #expect(loaded.scale == 1...5)
        #expect(loaded.delimiter == UInt8(ascii: "\t"))
        #expect(loaded.header == ["user_id:token", "item_id:token", "rating:float", "timestamp:float"])
        #expect(loaded.userIDs[0] == "196" && loaded.itemIDs[0] == "242")
        #expect(loaded.ratings.times?.first == 881250949)
    }
}
