import Foundation
import MLCore
import Testing
@testable import MLModels

/// Mean RMSE on five seeded folds of MovieLens 100k, against ceilings that
/// Surprise 1.1.5 reaches on the same folds. Runs only where the file exists
/// (and fails in CI without it).
@Suite(.requiresMovieLens, .serialized)
struct MovieLensAccuracyTests {
    static let foldSeed: UInt64 = 2024
    static let data: RatingSet? = try? readMovieLens(movieLensPath)

    func meanRMSE<Model: RatingModel>(_ model: Model) throws -> Double {
        let data = try #require(Self.data)
        let folds = foldAssignment(count: data.count, folds: 5, seed: Self.foldSeed)
        let scores = try crossValidatedRMSE(model, data: data, folds: folds, foldCount: 5, seed: 1)
        let mean = scores.reduce(0, +) / Double(scores.count)
        print("MovieLens 100k, 5 folds, \(Model.kind): mean RMSE \(mean)")
        return mean
    }

    @Test func baseline() throws {
        let rmse = try meanRMSE(Baseline())
        #expect(rmse <= 0.949, "baseline RMSE \(rmse)")
    }

    @Test func matrixFactorization() throws {
        let rmse = try meanRMSE(MatrixFactorization(.init(factors: 100, epochs: 20, learningRate: 0.005, reg: 0.02)))
        #expect(rmse <= 0.941, "mf RMSE \(rmse)")
    }

    @Test func svdPlusPlus() throws {
        let rmse = try meanRMSE(SVDPlusPlus())
        #expect(rmse <= 0.924, "svdpp RMSE \(rmse)")
    }
}

extension MovieLensAccuracyTests {
    @Test func itemBasedKNNBaseline() throws {
        let model = NearestNeighbours(.init(on: .items, similarity: .pearsonBaseline, estimator: .withBaseline, k: 40))
        let rmse = try meanRMSE(model)
        #expect(rmse <= 0.920, "knn RMSE \(rmse)")
    }
}

extension MovieLensAccuracyTests {
    @Test func slopeOne() throws {
        let rmse = try meanRMSE(SlopeOne())
        #expect(rmse <= 0.950, "slope-one RMSE \(rmse)")
    }

    @Test func alternatingLeastSquares() throws {
        let rmse = try meanRMSE(AlternatingLeastSquares())
        #expect(rmse <= 0.95, "als RMSE \(rmse)")
    }

    @Test func popularity() throws {
        let rmse = try meanRMSE(Popularity())
        #expect(rmse <= 1.03, "popularity RMSE \(rmse)")
    }
}
