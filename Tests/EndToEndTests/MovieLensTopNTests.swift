import Foundation
import Testing

/// `pipelines/movielens-topn.yaml`: full-catalogue ranking on MovieLens 100k,
/// 5 folds. EASE, implicit ALS and BPR must beat the popularity ranking by a
/// wide margin; each is held between a floor and a ceiling around what it
/// measures today (ndcg@10 and recall@10: ease 0.360 and 0.286, ials 0.365
/// and 0.288, bpr 0.343 and 0.271; popularity 0.175 and 0.138).
@Suite(.requiresMovieLens)
struct MovieLensTopNTests {
    static let bounds: [String: (ndcg: ClosedRange<Double>, recall: ClosedRange<Double>)] = [
        "ease": (0.33...0.40, 0.26...0.32), "popularity": (0.15...0.20, 0.11...0.16), "knn": (0.0...0.2, 0.0...0.2),
        "ials": (0.34...0.39, 0.26...0.32), "bpr": (0.32...0.37, 0.25...0.30),
    ]

    @Test func topNModelsRankFarBetterThanPopularity() throws {
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
        let popularity = try #require(ndcg["popularity"])
        for name in ["ease", "ials", "bpr"] {
            let value = try #require(ndcg[name])
            #expect(value >= 1.6 * popularity, "\(name) ndcg@10 \(value) is not far above popularity's \(popularity)")
        }
    }
}
