import Foundation
import Testing

/// The HTML report as a person sees it: a real pipeline (several folds, a
/// combiner with weights per time window, a search, models that train in
/// epochs) rendered by headless Chromium to a PNG under `out/` and to its
/// DOM, where every chart must be present, titled, labelled and as full as
/// the results say.
@Suite(.requiresChromium, .serialized) struct ReportBrowserTests {
    static let pipeline = """
        mass: 1
        name: browser-report
        seed: 3
        data:
          ratings: {synthetic: {users: 90, items: 60, ratings: 2400}}
        split: {method: kfold, folds: 3, validation: 0.15}
        models:
          bias: {kind: baseline}
          svd: {kind: mf, factors: 4, epochs: 9, lr: 0.01}
          als: {kind: als, factors: 3, epochs: 5}
        combine: {method: weighted, window: {rows: 90}}
        search:
          method: random
          trials: 5
          objective: {metric: rmse, goal: minimize}
          space:
            models.svd.lr: loguniform(0.002, 0.05)
            models.svd.factors: int(2, 6)
        evaluate:
          metrics: [rmse, mae]
          gates: {rmse: {max: 2.0}}
        report: {json: out/results.json, html: out/report.html}

        """

    /// Where a person finds the rendered report after the tests: `out/` at the package root.
    static let outFolder = MassProcess.repositoryRoot.appendingPathComponent("out")

    @Test func everyChartRendersTitledLabelledAndFull() throws {
        let chromium = try #require(HeadlessChromium.found)
        let folder = try RunFixtures.folder(["p.yaml": Self.pipeline])
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try MassProcess.run(["run", "p.yaml", "--quiet"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let page = folder.appendingPathComponent("out/report.html")
        let results = try ExpectedCharts(resultsJSON: folder.appendingPathComponent("out/results.json"))

        try FileManager.default.createDirectory(at: Self.outFolder, withIntermediateDirectories: true)
        let png = Self.outFolder.appendingPathComponent("report.png")
        try? FileManager.default.removeItem(at: png)
        try Data(contentsOf: page).write(to: Self.outFolder.appendingPathComponent("report.html"), options: .atomic)
        let shot = try chromium.screenshot(page, to: png, width: 1280, height: 6000)
        #expect(shot.status == 0, "\(shot.stderr)")
        #expect(shot.consoleMessages.isEmpty, "\(shot.consoleMessages)")
        let size = try PNGSize(contentsOf: png)
        #expect(size.width == 1280 && size.height == 6000)

        let dom = try chromium.dumpDOM(page)
        #expect(dom.status == 0, "\(dom.stderr)")
        #expect(dom.consoleMessages.isEmpty, "\(dom.consoleMessages)")
        let charts = RenderedChart.all(in: dom.stdout)
        #expect(charts.map(\.id).sorted() == results.counts.keys.sorted())
        for chart in charts {
            #expect(!chart.title.isEmpty && chart.attributes["aria-label"] == chart.title, "\(chart.id)")
            #expect(!(chart.xLabel ?? "").isEmpty && !(chart.yLabel ?? "").isEmpty, "\(chart.id) has both axis titles")
            #expect(chart.ticks >= 4, "\(chart.id) has ticks on its axes")
            let expected = results.counts[chart.id]
            let drawn = chart.attributes["data-points"] != nil ? chart.points : chart.bars
            #expect(expected != nil && drawn == expected, "\(chart.id): \(drawn) marks, the results say \(expected ?? -1)")
            #expect(drawn > 0, "\(chart.id) is not empty")
            let declared = chart.attributes["data-points"] ?? chart.attributes["data-bars"]
            #expect(declared == String(drawn), "\(chart.id) declares what it draws")
        }
        let byID = Dictionary(charts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byID["fold-metrics-rmse"]?.title == "rmse on each fold's test part")
        #expect(byID["fold-metrics-rmse"]?.xLabel == "fold (number)")
        #expect(byID["fold-metrics-rmse"]?.yLabel == "rmse (rating points)")
        #expect(byID["learning-curve-svd"]?.yLabel == "training loss (sum of squared errors)")
        #expect(byID["histogram-combined"]?.xLabel == "rating (rating points)")
        #expect(byID["search-best-so-far"]?.xLabel == "trial (number)")
        #expect(byID["combiner-weights-over-time"]?.yLabel == "weight w_i(t) (× the member's prediction)")
        for section in ["results", "gates", "folds", "combiner", "search", "learning-curves", "histograms"] {
            #expect(dom.stdout.contains("<section id=\"\(section)\">"), "section \(section)")
        }
    }

    /// The console check is real: a page that throws is caught.
    @Test func aPageThatThrowsIsCaught() throws {
        let chromium = try #require(HeadlessChromium.found)
        let folder = try RunFixtures.folder([
            "bad.html": "<!DOCTYPE html><html><body><script>notDefined();</script></body></html>"
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try chromium.dumpDOM(folder.appendingPathComponent("bad.html"))
        #expect(run.consoleMessages.contains { $0.contains("notDefined") })
    }
}

/// How many marks each chart should hold, worked out from the results JSON
/// (not from the page), by the rules the report follows.
struct ExpectedCharts {
    var counts: [String: Int] = [:]

    init(resultsJSON url: URL) throws {
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        let models = document["models"] as? [[String: Any]] ?? []
        let folds = document["folds"] as? Int ?? 0
        for metric in document["metrics"] as? [String] ?? [] {
            counts["fold-metrics-" + metric] = models.count * folds
        }
        for model in models {
            let name = model["name"] as? String ?? ""
            if let losses = model["epochLosses"] as? [Double] { counts["learning-curve-" + name] = losses.count }
            if let histogram = model["histogram"] as? [String: Any], let predicted = histogram["predicted"] as? [Int] {
                counts["histogram-" + name] = predicted.count * 2
            }
        }
        let combine = document["combine"] as? [String: Any] ?? [:]
        let windows = (combine["weights"] as? [[String: Any]] ?? []).filter { $0["fold"] as? Int == 1 }
        counts["combiner-weights-over-time"] = windows.reduce(0) { $0 + (($1["weights"] as? [String: Double])?.count ?? 0) }
        let search = document["search"] as? [String: Any] ?? [:]
        let trials = search["trials"] as? [[String: Any]] ?? []
        let scored = trials.filter { $0["objective"] != nil }.count
        counts["search-best-so-far"] = scored
        for path in Set(trials.flatMap { ($0["parameters"] as? [String: Any] ?? [:]).keys }) {
            counts["search-parameter-" + path.replacingOccurrences(of: ".", with: "-")] = scored
        }
    }
}

/// A PNG's size, from its header.
struct PNGSize {
    var width: Int
    var height: Int

    init(contentsOf url: URL) throws {
        let bytes = [UInt8](try Data(contentsOf: url).prefix(24))
        guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        func integer(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        width = integer(16)
        height = integer(20)
    }
}
