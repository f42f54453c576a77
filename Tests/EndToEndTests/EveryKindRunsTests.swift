import Foundation
import Testing

/// What `mass validate --strict` accepts is what `mass run` runs: every kind
/// of the tables, with each of its settings, validates and then runs to the end.
@Suite struct EveryKindRunsTests {
    @Test(arguments: KindPipeline.all)
    func validatesStrictlyAndRuns(_ pipeline: KindPipeline) throws {
        let folder = try RunFixtures.folder(["p.yaml": pipeline.yaml, "ratings.csv": KindPipeline.ratingsFile])
        defer { try? FileManager.default.removeItem(at: folder) }
        let validated = try MassProcess.run(["validate", "--strict", "p.yaml"], in: folder)
        #expect(validated.status == 0, "\(pipeline.label)\n\(pipeline.yaml)\n\(validated.stderr)")
        let run = try MassProcess.run(["run", "p.yaml", "--quiet"], in: folder)
        #expect(run.status == 0, "\(pipeline.label)\n\(pipeline.yaml)\n\(run.stderr)")
        let results = try Data(contentsOf: folder.appendingPathComponent("out/results.json"))
        let document = try JSONSerialization.jsonObject(with: results) as? [String: Any]
        let models = try #require(document?["models"] as? [[String: Any]], "\(pipeline.label): results written")
        #expect(!models.isEmpty)
    }

    @Test func everyKindHasAPipeline() {
        let labels = KindPipeline.all.map(\.label)
        #expect(labels.count > 30)
        #expect(Set(labels).count == labels.count, "labels are unique")
    }
}
