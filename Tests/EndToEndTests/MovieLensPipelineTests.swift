import Foundation
import Testing

/// `pipelines/movielens-100k.yaml` against the figures Surprise 1.1.5 reaches
/// with its defaults on 5 seeded folds, plus 0.005. Runs when the data has
/// been fetched (scripts/fetch-movielens.sh; CI does, and fails without it).
@Suite(.requiresMovieLens)
struct MovieLensPipelineTests {
    static let ceilings: [String: Double] = [
        "baseline": 0.944 + 0.005, "mf": 0.936 + 0.005, "svdpp": 0.919 + 0.005, "knn": 0.915 + 0.005, "slope-one": 0.945 + 0.005,
    ]

    @Test func meanRMSEIsWithinSurpriseFiguresPlusTolerance() throws {
        // A copy beside a link to the data, so the run writes nothing into the repository.
        let folder = try MassProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manager = FileManager.default
        try manager.createDirectory(at: folder.appendingPathComponent("pipelines"), withIntermediateDirectories: true)
        try manager.copyItem(
            at: MassProcess.repositoryRoot.appendingPathComponent("pipelines/movielens-100k.yaml"),
            to: folder.appendingPathComponent("pipelines/movielens-100k.yaml"))
        try manager.createSymbolicLink(
            at: folder.appendingPathComponent("data"),
            withDestinationURL: MassProcess.repositoryRoot.appendingPathComponent("data"))
        let outcome = try MassProcess.run(["run", "pipelines/movielens-100k.yaml", "--json"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let results = try #require(document["results"] as? [String: Any])
        #expect(results["folds"] as? Int == 5)
        let models = try #require(results["models"] as? [[String: Any]])
        #expect(Set(models.compactMap { $0["name"] as? String }) == Set(Self.ceilings.keys))
        for model in models {
            let name = try #require(model["name"] as? String)
            let metrics = try #require(model["metrics"] as? [String: Any])
            let rmse = try #require((metrics["rmse"] as? [String: Any])?["mean"] as? Double)
            let ceiling = try #require(Self.ceilings[name])
            #expect(rmse <= ceiling, "\(name): mean RMSE \(rmse) above \(ceiling)")
            #expect(rmse > 0.85, "\(name): mean RMSE \(rmse) is implausibly low")
            #expect(model["predictions"] as? Int == 100_000)
        }
    }
}
