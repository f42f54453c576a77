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
        #expect(loaded.delimiter == .tab)
        #expect(loaded.header == ["user_id:token", "item_id:token", "rating:float", "timestamp:float"])
        #expect(loaded.userIDs[0] == "196" && loaded.itemIDs[0] == "242")
        #expect(loaded.ratings.times?.first == 881250949)
    }
}

extension MovieLensTests {
    static func load() throws -> LoadedRatings {
        try RatingFile.load(path: movieLensPath, options: RatingFileOptions(
            columns: RatingColumns(user: "user_id", item: "item_id", rating: "rating", time: "timestamp"), scale: 1...5))
    }

    @Test func fiveFoldsAndLeaveLast() throws {
        let ratings = try Self.load().ratings
        let folds = try Splitter.folds(of: ratings, options: SplitOptions(method: .kfold(folds: 5), seed: 42))
        #expect(folds.map(\.test.count) == [20_000, 20_000, 20_000, 20_000, 20_000])
        let leaveLast = try #require(Splitter.folds(of: ratings, options: SplitOptions(method: .leaveLast(count: 1), seed: 42)).first)
        #expect(leaveLast.test.count == 943 && leaveLast.coldUserTestRows == 0)
    }

    /// Predicting the training mean gives the well-known RMSE of about 1.13 on MovieLens 100K.
    @Test func globalMeanBaseline() throws {
        let ratings = try Self.load().ratings
        let fold = try #require(Splitter.folds(of: ratings, options: SplitOptions(method: .holdout(testFraction: 0.2), seed: 7)).first)
        let mean = fold.train.reduce(0.0) { $0 + ratings.values[$1] } / Double(fold.train.count)
        let test = ratings.subset(fold.test)
        let predictions = [Double](repeating: mean, count: test.count)
        let values = try MetricEvaluator.evaluate([.rmse, .mae], truth: test, predictions: predictions, relevanceThreshold: 4)
        #expect(values[0] > 1.10 && values[0] < 1.15)
        #expect(values[1] > 0.92 && values[1] < 0.97)
    }
}
