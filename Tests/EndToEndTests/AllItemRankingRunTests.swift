import Foundation
import Testing

/// `evaluate: {candidates: all}` in a pipeline: ranking metrics rank every
/// item a user did not rate in training, with values worked out by hand, for
/// a model alone and for the combined target, whatever the combine layout.
@Suite struct AllItemRankingRunTests {
    /// Part A trains, part B is the one test part scored (`use: [B]`).
    /// Training counts: a 4, b 3, c 2, e 1, d 0. Test rows: u1 d 5; u2 e 5, c 2; u3 d 4, b 1.
    static let ratings = """
        user,item,rating,part
        u1,a,4,A
        u1,b,4,A
        u1,c,3,A
        u1,e,2,A
        u2,a,5,A
        u2,b,3,A
        u3,a,4,A
        u3,c,4,A
        u4,a,3,A
        u4,b,2,A
        u1,d,5,B
        u2,e,5,B
        u2,c,2,B
        u3,d,4,B
        u3,b,1,B

        """

    static func pipeline(candidates: String) -> String {
        """
        mass: 1
        name: ranked
        data:
          ratings: {path: ratings.csv, columns: {user: user, item: item, rating: rating, group: part}}
        split: {method: given, use: [B]}
        models:
          pop: {kind: popularity}
        evaluate:
          metrics: [precision@2, recall@2, hit@2, ndcg@2, mrr, coverage@2]
          candidates: \(candidates)
          relevance: 4
        report: {json: results.json}

        """
    }

    /// Each metric's mean for each model, from `results.json`.
    private func metrics(_ folder: URL) throws -> [String: [String: Double]] {
        struct Results: Decodable {
            struct Model: Decodable {
                var name: String
                var metrics: [String: Statistics]
            }
            struct Statistics: Decodable { var mean: Double }
            var models: [Model]
            var candidates: String?
        }
        let data = try Data(contentsOf: folder.appendingPathComponent("results.json"))
        let results = try JSONDecoder().decode(Results.self, from: data)
        return Dictionary(uniqueKeysWithValues: results.models.map { ($0.name, $0.metrics.mapValues(\.mean)) })
    }

    @Test func popularityRanksEveryUnratedItemAsWorkedOutByHand() throws {
        let folder = try RunFixtures.folder(["p.yaml": Self.pipeline(candidates: "all"), "ratings.csv": Self.ratings])
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("candidates: all"))
        let pop = try #require(try metrics(folder)["pop"])
        // By training count, u1's candidates are [d]; u2's [c, e, d]; u3's [b, e, d].
        // u1 finds d first; u2's relevant e is second; u3's relevant d is third.
        let expected: [String: Double] = [
            "precision@2": (0.5 + 0.5 + 0) / 3,
            "recall@2": (1 + 1 + 0) / 3.0,
            "hit@2": 2 / 3.0,
            "ndcg@2": (1 + 1 / log2(3.0) + 0) / 3,
            "mrr": (1 + 0.5 + 1 / 3.0) / 3,
            // {d} ∪ {c, e} ∪ {b, e} of five items.
            "coverage@2": 4 / 5.0,
        ]
        for (name, value) in expected {
            let measured = try #require(pop[name], "no \(name)")
            #expect(abs(measured - value) < 1e-12, "\(name): \(measured), expected \(value)")
        }
    }

    @Test func theTestItemProtocolStaysTheDefault() throws {
        let folder = try RunFixtures.folder(["p.yaml": Self.pipeline(candidates: "test"), "ratings.csv": Self.ratings])
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(!outcome.stdout.contains("candidates: all"))
        let pop = try #require(try metrics(folder)["pop"])
        // Among its own test items u3 ranks d (count 0) after b (count 3): second, not third.
        let mrr = try #require(pop["mrr"])
        #expect(abs(mrr - (1 + 0.5 + 0.5) / 3) < 1e-12, "mrr \(mrr)")
    }

    /// With all weight on one member, the combined target ranks exactly as that member does.
    @Test(arguments: ["{method: weighted, weights: {bias: 1, svd: 0}}", "{method: average, members: [bias]}"])
    func aCombinationOfOneMemberRanksAsThatMember(_ combine: String) throws {
        let pipeline = """
            mass: 1
            name: combined
            seed: 5
            data:
              ratings: {synthetic: {users: 80, items: 60, ratings: 2400}}
            split: {method: kfold, folds: 3, validation: 0.1}
            models:
              bias: {kind: baseline}
              svd: {kind: mf, factors: 4, epochs: 5}
            combine: \(combine)
            evaluate:
              metrics: [rmse, ndcg@10, recall@10, mrr, coverage@10]
              candidates: all
            report: {json: results.json}

            """
        let folder = try RunFixtures.folder(["p.yaml": pipeline])
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let results = try metrics(folder)
        let bias = try #require(results["bias"]), combined = try #require(results["combined"])
        for name in ["ndcg@10", "recall@10", "mrr", "coverage@10"] {
            let value = try #require(bias[name])
            #expect(value > 0 && value <= 1, "\(name) \(value)")
            #expect(abs((combined[name] ?? -1) - value) < 1e-12, "\(name): combined \(combined[name] ?? -1), bias \(value)")
        }
        // The svd member ranks differently, so the check above could have failed.
        #expect(results["svd"]?["ndcg@10"] != bias["ndcg@10"])
    }

    /// Every combine layout assembles its ensemble for ranking: members' own
    /// fits, bagging resamples, boosting rounds and stacking's inner parts.
    @Test(arguments: [
        "{method: bagging, of: svd, members: 3}",
        "{method: boosting, of: [bias, svd], rounds: 2}",
        "{method: stacking, cv: 2}",
        "{method: stacking, cv: 2, refit: false}",
    ])
    func everyCombineLayoutRanksAllItems(_ combine: String) throws {
        let pipeline = """
            mass: 1
            name: layouts
            seed: 5
            data:
              ratings: {synthetic: {users: 80, items: 50, ratings: 1800}}
            split: {method: kfold, folds: 2, validation: 0.2}
            models:
              bias: {kind: baseline}
              svd: {kind: mf, factors: 4, epochs: 5}
            combine: \(combine)
            evaluate:
              metrics: [rmse, ndcg@5, recall@5]
              candidates: all
            report: {json: results.json}

            """
        let folder = try RunFixtures.folder(["p.yaml": pipeline])
        let one = try MassProcess.run(["run", "p.yaml", "--jobs", "1"], in: folder)
        #expect(one.status == 0, "\(one.stderr)")
        let first = try metrics(folder)
        let combined = try #require(first["combined"])
        for name in ["ndcg@5", "recall@5"] {
            let value = try #require(combined[name])
            #expect(value > 0 && value <= 1, "\(name) \(value)")
        }
        // The same bytes again from a cold cache with two workers.
        try FileManager.default.removeItem(at: folder.appendingPathComponent(".mass"))
        let two = try MassProcess.run(["run", "p.yaml", "--jobs", "2"], in: folder)
        #expect(two.status == 0, "\(two.stderr)")
        #expect(try metrics(folder) == first)
    }
}
