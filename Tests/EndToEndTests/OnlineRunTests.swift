import Foundation
import Testing

/// A prequential split by event as a user writes it: results per window,
/// the same bytes for any --jobs, and located errors for what cannot learn online.
@Suite struct OnlineRunTests {
    static func pipeline(models: String? = nil, combine: String = "{method: weighted, fit: least-squares, half_life: 200}")
        -> String
    {
        """
        mass: 1
        seed: 9
        data:
          ratings: {synthetic: {users: 100, items: 60, ratings: 3000}}
        split: {method: prequential, granularity: event, batch: 4, windows: 6}
        models:
        \(models ?? "  bias: {kind: baseline}\n  svd: {kind: mf, factors: 8, online: {lr: 0.05}}")
        combine: \(combine)
        evaluate: {metrics: [rmse]}
        report: {json: out/results.json}

        """
    }

    @Test func everyRatingIsPredictedOnceAndTheResultsGiveErrorPerWindow() throws {
        var documents: [Data] = []
        for jobs in ["1", "3"] {
            let folder = try RunFixtures.folder(["p.yaml": Self.pipeline()])
            defer { try? FileManager.default.removeItem(at: folder) }
            let outcome = try MassProcess.run(["run", "p.yaml", "--jobs", jobs], in: folder)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            documents.append(try Data(contentsOf: folder.appendingPathComponent("out/results.json")))
        }
        #expect(documents[0] == documents[1], "the same bytes for any --jobs")
        struct Results: Decodable {
            struct Model: Decodable {
                var name: String
                var predictions: Int
                var windowErrors: [Double]?
            }
            var models: [Model]
        }
        let results = try JSONDecoder().decode(Results.self, from: documents[0])
        #expect(results.models.map(\.name) == ["bias", "svd", "combined"])
        for model in results.models {
            #expect(model.predictions == 3000, "\(model.name)")
            #expect(model.windowErrors?.count == 6 && model.windowErrors?.allSatisfy { $0 > 0 && $0 < 4 } == true)
        }
    }

    @Test(arguments: [
        (pipeline(combine: "{method: stacking}"), "combine method 'stacking' cannot learn rating by rating"),
        (pipeline(combine: "{method: weighted, window: {rows: 100}}"), "'window' does not apply to an event stream"),
        (
            pipeline(models: "  bias: {kind: baseline, incremental: true}\n  svd: {kind: mf}"),
            "learns incrementally, but the split does not go step by step"
        ),
    ])
    func whatCannotLearnOnlineIsALocatedError(pipeline: String, message: String) throws {
        let folder = try RunFixtures.folder(["p.yaml": pipeline])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["validate", "p.yaml"], in: folder)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("p.yaml:"), "located")
    }

    @Test func onlineOutsideAnEventStreamIsALocatedError() throws {
        let text = """
            mass: 1
            data:
              ratings: {synthetic: {users: 30, items: 20, ratings: 300}}
            models:
              svd: {kind: mf, online: {lr: 0.05}}

            """
        let folder = try RunFixtures.folder(["p.yaml": text])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["validate", "p.yaml"], in: folder)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("p.yaml:5:"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("learns online, but the split does not go rating by rating"))
    }

    @Test func aKindWithoutAnOnlineRuleIsRefused() throws {
        let folder = try RunFixtures.folder(["p.yaml": Self.pipeline(models: "  knn: {kind: knn}", combine: "{method: average}")])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("cannot learn rating by rating"), "\(outcome.stderr)")
    }
}
