import Foundation
import Testing

/// A damaged cache entry is a miss for the node that needs it: recomputed in
/// the same run, counted as run, and the run's outcome (tables, gates, exit
/// code) is what it would be with a clean cache.
@Suite struct DamagedCacheTests {
    private let failingGate = RunFixtures.ensemble.replacingOccurrences(of: "{rmse: {max: 2.0}}", with: "{rmse: {max: 0.1}}")

    /// The stored object of node `id`, found through the plan's fingerprint.
    private func objectPath(of id: String, in folder: URL) throws -> URL {
        let plan = try MassProcess.run(["plan", "p.yaml", "--json"], in: folder)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        let nodes = try #require(document["nodes"] as? [[String: Any]])
        let fingerprint = try #require(nodes.first { $0["id"] as? String == id }?["fingerprint"] as? String)
        return folder.appendingPathComponent(".mass/objects/\(fingerprint.prefix(2))/\(fingerprint.dropFirst(2))")
    }

    private func flipOneByte(of file: URL) throws {
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count - 3] ^= 0x01
        try bytes.write(to: file)
    }

    private func results(_ json: String) throws -> [String: Any]? {
        let document = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return document?["results"] as? [String: Any]
    }

    @Test func damagedSummaryIsRecomputedAndTheGateStillFails() throws {
        let folder = try RunFixtures.folder(["p.yaml": failingGate])
        defer { try? FileManager.default.removeItem(at: folder) }
        let clean = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(clean.status == 1)
        #expect(clean.stdout.contains("FAILED"))
        let table = try #require(clean.stdout.split(separator: "\n", maxSplits: 1).last.map(String.init))

        try flipOneByte(of: try objectPath(of: "summarize", in: folder))
        let again = try MassProcess.run(["run", "p.yaml"], in: folder)
        #expect(again.status == 1, "a failing gate fails with a damaged cache too")
        #expect(again.stderr.contains("damaged cache entry ignored: checksum mismatch"))
        #expect(again.stdout.hasSuffix(table), "the same results table: \(again.stdout)")
        #expect(again.stdout.contains("1 ran"), "the summary ran again: \(again.stdout)")

        try flipOneByte(of: try objectPath(of: "summarize", in: folder))
        let json = try MassProcess.run(["run", "p.yaml", "--json"], in: folder)
        #expect(json.status == 1)
        #expect(try RunFixtures.outcomes(json.stdout)["summarize"] == "ran")
        #expect(try results(json.stdout) != nil, "--json embeds the results")

        let shown = try MassProcess.run(["show", "p.yaml"], in: folder)
        #expect(shown.status == 0)
        #expect(table.trimmingCharacters(in: .newlines).hasSuffix(shown.stdout.trimmingCharacters(in: .newlines)))
    }

    /// The report's entry and its file both gone bad: the report is written again in the same run.
    @Test func damagedReportIsWrittenAgainInTheSameRun() throws {
        let folder = try RunFixtures.folder(["p.yaml": RunFixtures.ensemble])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try MassProcess.run(["run", "p.yaml"], in: folder).status == 0)
        let report = folder.appendingPathComponent("out/results.json")
        let written = try Data(contentsOf: report)
        try flipOneByte(of: try objectPath(of: "report", in: folder))
        try FileManager.default.removeItem(at: report)

        let again = try MassProcess.run(["run", "p.yaml", "--json"], in: folder)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try RunFixtures.outcomes(again.stdout)["report"] == "ran")
        #expect(try Data(contentsOf: report) == written)
        let next = try MassProcess.run(["run", "p.yaml", "--json"], in: folder)
        #expect(try RunFixtures.outcomes(next.stdout).values.allSatisfy { $0 == "cached" }, "repaired in one run")
    }
}
