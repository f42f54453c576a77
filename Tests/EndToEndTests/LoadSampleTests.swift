import Foundation
import Testing

/// `sample:` under a data source: the sample is drawn while the file is read
/// and cached as the load node's artifact.
@Suite struct LoadSampleTests {
    static func pipeline(sample: String) -> String {
        """
        mass: 1
        seed: 5
        data:
          ratings:
            path: ratings.csv
            columns: {user: user, item: item, rating: rating, time: time}
            sample: \(sample)
        split: {method: kfold, folds: 2}
        models:
          bias: {kind: baseline}
        evaluate: {metrics: [rmse]}

        """
    }

    private func predictions(_ folder: URL) throws -> Int? {
        let outcome = try MassProcess.run(["run", "p.yaml", "--json"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        return ((document?["results"] as? [String: Any])?["models"] as? [[String: Any]])?.first?["predictions"] as? Int
    }

    @Test func aReservoirOrARecentSampleIsWhatTheModelsSee() throws {
        let file = PartitionedDataTests.partition(1, count: 3000)
        let folder = try RunFixtures.folder([
            "p.yaml": Self.pipeline(sample: "{method: reservoir, size: 800}"), "ratings.csv": file,
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try predictions(folder) == 800, "every sampled rating is tested once over the folds")
        try Self.pipeline(sample: "{method: recent, size: 500}").write(
            to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        #expect(try predictions(folder) == 500)
        try Self.pipeline(sample: "{method: uniform, fraction: 0.5}").write(
            to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let half = try #require(try predictions(folder))
        #expect(half > 1300 && half < 1700, "\(half)")
    }

    @Test func aRecentSampleNeedsATimeColumn() throws {
        let folder = try RunFixtures.folder([
            "p.yaml": Self.pipeline(sample: "{method: recent, size: 5}").replacingOccurrences(of: ", time: time", with: ""),
            "ratings.csv": "user,item,rating\nu1,i1,3\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["validate", "p.yaml"], in: folder)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("p.yaml:7:22: error: a 'recent' sample needs a time column"), "\(outcome.stderr)")
    }
}
