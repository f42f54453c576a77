import Foundation
import Testing

/// `pipelines/movielens-fm.yaml`: 5-fold RMSE on MovieLens 100k of a
/// factorization machine with the users' attributes, the movies' genres and
/// year and the rating's weekday, against the same machine without them and
/// against `mf`, on the same folds. Bounds sit around what they measure
/// today (fm 0.914, fm without side features 0.924, mf 0.936).
@Suite(.requiresMovieLens)
struct MovieLensFactorizationMachineTests {
    static let bounds: [String: ClosedRange<Double>] = ["fm": 0.900...0.922, "fm-plain": 0.912...0.932, "mf": 0.925...0.945]

    @Test func sideFeaturesBeatMatrixFactorization() throws {
        let results = try MovieLensCombinerTests.results(pipeline: "movielens-fm")
        var rmse: [String: Double] = [:]
        for model in results.models {
            let name = try #require(model["name"] as? String)
            let metrics = try #require(model["metrics"] as? [String: Any])
            let mean = try #require((metrics["rmse"] as? [String: Any])?["mean"] as? Double)
            let bounds = try #require(Self.bounds[name])
            #expect(bounds.contains(mean), "\(name): rmse \(mean) outside \(bounds)")
            rmse[name] = mean
        }
        let fm = try #require(rmse["fm"]), plain = try #require(rmse["fm-plain"]), mf = try #require(rmse["mf"])
        #expect(fm < mf - 0.01, "fm \(fm) is not clearly better than mf \(mf)")
        #expect(fm < plain - 0.004, "side features do not help: fm \(fm), without them \(plain)")
    }
}
