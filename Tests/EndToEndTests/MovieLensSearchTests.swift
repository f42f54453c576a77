import Foundation
import Testing

/// Bayesian optimization of `mf` on MovieLens 100k: 40 trials scored on the
/// validation part of fold 1 of 5, the best refit on the whole training part.
/// Runs when the data has been fetched (CI fails without it).
@Suite(.requiresMovieLens)
struct MovieLensSearchTests {
    @Test func bayesTunesMatrixFactorizationOnFoldOne() throws {
        let text = """
            mass: 1
            seed: 42
            data:
              ratings:
                path: ../data/ml-100k/ml-100k.inter
                format: tsv
                columns: {user: "user_id:token", item: "item_id:token", rating: "rating:float", time: "timestamp:float"}
                scale: [1, 5]
            split: {method: kfold, folds: 5, validation: 0.1}
            models:
              mf: {kind: mf}
            search:
              method: bayes
              trials: 40
              folds: 1
              objective: rmse
              space:
                models.mf.factors: int(10, 200)
                models.mf.epochs: int(5, 60)
                models.mf.lr: loguniform(0.001, 0.05)
                models.mf.reg: loguniform(0.005, 0.2)
            evaluate: {metrics: [rmse]}

            """
        let started = Date()
        let means = try MovieLensCombinerTests.results(pipeline: "search", text: text)
        let seconds = Date().timeIntervalSince(started)
        let mf = try #require(means.models.first { $0["name"] as? String == "mf" })
        let folds = try #require(((mf["metrics"] as? [String: Any])?["rmse"] as? [String: Any])?["folds"] as? [Double])
        print("MovieLens 100k, bayes over mf, 40 trials: fold 1 test RMSE \(folds[0]) after refit, \(seconds) s")
        #expect(folds[0] <= 0.916)
        #expect(folds[0] > 0.88)
        let trials = try #require(means.search?["trials"] as? [[String: Any]])
        #expect(trials.count == 40)
    }
}
