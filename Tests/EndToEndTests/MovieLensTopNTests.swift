import Foundation
import Testing

/// `pipelines/movielens-topn.yaml`: full-catalogue ranking on MovieLens 100k,
/// 5 folds. EASE must beat the popularity ranking by a wide margin; both are
/// held between a floor and a ceiling around what they measure today
/// (ease ndcg@10 0.360, recall@10 0.286; popularity 0.175, 0.138).
@Suite(.requiresMovieLens)
struct MovieLensTopNTests {
    static let bounds: [String: (ndcg: ClosedRange<Double>, recall: ClosedRange<Double>)] = [
        "ease": (0.33...0.40, 0.26...0.32), "popularity": (0.15...0.20, 0.11...0.16), "knn": (0.0...0.2, 0.0...0.2),
    ]

    @Test func easeRanksFarBetterThanPopularity() throws {
        let results = try MovieLensCombinerTests.results(pipeline: "movielens-topn")
        #expect(results.candidates == "all")
        let models = results.models
        var ndcg: [String: Double] = [:]
        for model in models {
            let name = try #require(model["name"] as? String)
            let metrics = try #require(model["metrics"] as? [String: Any])
            let modelNDCG = try #require((metrics["ndcg@10"] as? [String: Any])?["mean"] as? Double)
            let recall = try #require((metrics["recall@10"] as? [String: Any])?["mean"] as? Double)
            let bounds = try #require(Self.bounds[name])
            #expect(bounds.ndcg.contains(modelNDCG), "\(name): ndcg@10 \(modelNDCG) outside \(bounds.ndcg)")
            #expect(bounds.recall.contains(recall), "\(name): recall@10 \(recall) outside \(bounds.recall)")
            ndcg[name] = modelNDCG
        }
        let ease = try #require(ndcg["ease"]), popularity = try #require(ndcg["popularity"])
        #expect(ease >= 1.6 * popularity, "ease ndcg@10 \(ease) is not far above popularity's \(popularity)")
    }
}
