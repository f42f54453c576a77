import Foundation
import MovieLensTestSupport
import Testing
import MLCore

@Suite("MovieLens 100K", .requiresMovieLens)
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
        try RatingFile.load(
            path: movieLensPath,
            options: RatingFileOptions(
                columns: RatingColumns(user: "user_id", item: "item_id", rating: "rating", time: "timestamp"), scale: 1...5))
    }

    @Test func fiveFoldsAndLeaveLast() throws {
        let ratings = try Self.load().ratings
        let folds = try Splitter.folds(of: ratings, options: SplitOptions(method: .kfold(folds: 5), seed: 42))
        #expect(folds.map(\.test.count) == [20_000, 20_000, 20_000, 20_000, 20_000])
        let leaveLast = try #require(
            Splitter.folds(of: ratings, options: SplitOptions(method: .leaveLast(count: 1), seed: 42)).first)
        #expect(leaveLast.test.count == 943 && leaveLast.coldUserTestRows == 0)
    }

    /// Predicting the training mean gives the well-known RMSE of about 1.13 on MovieLens 100K.
    @Test func globalMeanBaseline() throws {
        let ratings = try Self.load().ratings
        let fold = try #require(
            Splitter.folds(of: ratings, options: SplitOptions(method: .holdout(testFraction: 0.2), seed: 7)).first)
        let mean = fold.train.reduce(0.0) { $0 + ratings.values[$1] } / Double(fold.train.count)
        let test = ratings.subset(fold.test)
        let predictions = [Double](repeating: mean, count: test.count)
        let values = try MetricEvaluator.evaluate([.rmse, .mae], truth: test, predictions: predictions, relevanceThreshold: 4)
        #expect(values[0] > 1.10 && values[0] < 1.15)
        #expect(values[1] > 0.92 && values[1] < 0.97)
    }
}

extension MovieLensTests {
    /// A constant model ranks by the tie rule alone: its ranking metrics must not move when
    /// the file's rows are reordered (item indices follow first appearance and do move).
    @Test func constantModelRankingIgnoresRowOrder() throws {
        let text = try String(contentsOfFile: movieLensPath, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        let options = RatingFileOptions(
            columns: RatingColumns(user: "user_id:token", item: "item_id:token", rating: "rating:float"), scale: 1...5)
        func ndcg(_ rows: [String]) throws -> (byID: Double, byIndex: Double) {
            let loaded = try RatingFile.parse(
                Array(([header] + rows).joined(separator: "\n").utf8), path: "ml-100k", options: options)
            let constant = [Double](repeating: 3.5, count: loaded.ratings.count)
            let byID = try MetricEvaluator.evaluate(
                .ndcg(k: 10), truth: loaded.ratings, predictions: constant, relevanceThreshold: 4,
                itemIDs: loaded.itemIDs)
            let byIndex = try MetricEvaluator.evaluate(
                .ndcg(k: 10), truth: loaded.ratings, predictions: constant, relevanceThreshold: 4)
            return (byID, byIndex)
        }
        let original = try ndcg(lines)
        var shuffled = lines
        var generator = SeededGenerator(seed: 3, label: "shuffle rows")
        generator.shuffle(&shuffled)
        let byItem = lines.map { (item: $0.split(separator: "\t")[1], line: $0) }.sorted {
            ($0.item, $0.line) < ($1.item, $1.line)
        }.map(\.line)
        for reordered in [shuffled, byItem] {
            let other = try ndcg(reordered)
            #expect(other.byID == original.byID)
            #expect(other.byIndex != original.byIndex)
            print("MovieLens 100k, all rows, constant model ndcg@10: by id hash \(other.byID), by index \(other.byIndex)")
        }
        print(
            "MovieLens 100k, all rows, constant model ndcg@10 in file order: by id hash \(original.byID), by index \(original.byIndex)"
        )
    }
}
