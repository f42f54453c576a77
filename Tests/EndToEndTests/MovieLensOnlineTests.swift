import Foundation
import Testing

/// `pipelines/movielens-online.yaml`: MovieLens 100k in time order, each
/// rating predicted, then learned from. Online `mf` must reach a prequential
/// RMSE of at most 0.96 (River's online biased MF reaches 0.956 on this
/// data), and the online ensemble must do at least as well as its best member.
@Suite(.requiresMovieLens)
struct MovieLensOnlineTests {
    @Test func onlineMFAndTheOnlineEnsembleReachTheirTargets() throws {
        let folder = try MassProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manager = FileManager.default
        try manager.createDirectory(at: folder.appendingPathComponent("pipelines"), withIntermediateDirectories: true)
        try manager.copyItem(
            at: MassProcess.repositoryRoot.appendingPathComponent("pipelines/movielens-online.yaml"),
            to: folder.appendingPathComponent("pipelines/movielens-online.yaml"))
        try manager.createSymbolicLink(
            at: folder.appendingPathComponent("data"),
            withDestinationURL: MassProcess.repositoryRoot.appendingPathComponent("data"))
        let outcome = try MassProcess.run(["run", "pipelines/movielens-online.yaml", "--json"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        struct Document: Decodable {
            struct Results: Decodable { var models: [Model] }
            struct Model: Decodable {
                struct Statistics: Decodable { var mean: Double }
                var name: String
                var metrics: [String: Statistics]
                var predictions: Int
                var windowErrors: [Double]?
            }
            var results: Results
        }
        let models = try JSONDecoder().decode(Document.self, from: Data(outcome.stdout.utf8)).results.models
        let rmse = Dictionary(
            uniqueKeysWithValues: models.compactMap { model in model.metrics["rmse"].map { (model.name, $0.mean) } })
        let mf = try #require(rmse["mf"]), combined = try #require(rmse["combined"])
        #expect(mf <= 0.96 && mf > 0.90, "online mf: prequential RMSE \(mf)")
        let best = try #require(rmse.filter { $0.key != "combined" }.values.min())
        #expect(combined <= best, "the online ensemble (\(combined)) must do at least as well as its best member (\(best))")
        #expect(combined > 0.88, "an implausibly low \(combined)")
        for model in models {
            #expect(model.predictions == 100_000, "\(model.name)")
            #expect(model.windowErrors?.count == 20, "\(model.name): one error per twentieth of the stream")
        }
    }
}
