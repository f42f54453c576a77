import Foundation
import Testing

/// With --keep-going, the results of every model whose nodes succeeded are
/// printed and written, the failed ones marked, and mass exits 1.
@Suite struct KeepGoingResultsTests {
    private let pipeline = """
        mass: 1
        name: partly
        data:
          ratings:
            synthetic: {users: 40, items: 30, ratings: 600}
        split: {method: kfold, folds: 2}
        models:
          bias: {kind: baseline}
          broken: {kind: command, run: "echo no model today >&2; exit 3"}
        evaluate:
          metrics: [rmse, mae]
          gates: {rmse: {max: 5.0}}
        report: {json: out/results.json}

        """

    @Test func resultsOfTheModelsThatSucceededAreShownAndWritten() throws {
        let folder = try RunFixtures.folder(["p.yaml": pipeline])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml", "--keep-going"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("mass: error: failed: fit broken @ fold 1, fit broken @ fold 2"), "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("bias ") && $0.contains(" ± ") }, "\(outcome.stdout)")
        #expect(lines.contains { $0.hasPrefix("broken") && $0.contains("failed (folds 1, 2)") }, "\(outcome.stdout)")

        let written = try Data(contentsOf: folder.appendingPathComponent("out/results.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: written) as? [String: Any])
        let models = try #require(document["models"] as? [[String: Any]])
        let bias = try #require(models.first { $0["name"] as? String == "bias" })
        let rmse = (bias["metrics"] as? [String: Any])?["rmse"] as? [String: Any]
        #expect((rmse?["folds"] as? [Double])?.count == 2)
        let broken = try #require(models.first { $0["name"] as? String == "broken" })
        #expect(broken["failedFolds"] as? [Int] == [1, 2])

        let json = try MassProcess.run(["run", "p.yaml", "--keep-going", "--json"], in: folder)
        #expect(json.status == 1)
        let run = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(run["results"] != nil, "--json embeds the results")
        #expect(try RunFixtures.outcomes(json.stdout)["summarize"] == "partial")
        #expect(try RunFixtures.outcomes(json.stdout)["evaluate bias @ fold 1"] == "cached")
    }

    /// The partial results are not cached: once the model works, the full results come.
    @Test func partialResultsAreNotCached() throws {
        let folder = try RunFixtures.folder(["p.yaml": pipeline])
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try MassProcess.run(["run", "p.yaml", "--keep-going"], in: folder)
        let status = try MassProcess.run(["status", "p.yaml"], in: folder)
        #expect(status.status == 1)
        #expect(status.stdout.contains("summarize"))
    }
}
