import Foundation
import MarkupTestSupport
@testable import PipelineStages
import Testing

/// The HTML report read back as XML: every section whose data the results
/// hold, each chart with its title, axes and marks, nothing it does not hold.
@Suite struct ResultsReportTests {
    /// Results with something of everything, as the JSON the README documents.
    static let everything = """
        {"pipeline": "demo <&>", "folds": 2, "metrics": ["rmse", "ndcg@5"],
         "models": [
           {"name": "svd", "kind": "mf", "predictions": 10, "fallbacks": 1,
            "metrics": {"rmse": {"folds": [0.9, 0.92], "mean": 0.91, "std": 0.014}, "ndcg@5": {"folds": [0.4, 0.5], "mean": 0.45, "std": 0.07}},
            "epochLosses": [9, 6, 5, 4.5],
            "histogram": {"edges": [0.75, 1.25, 1.75, 2.25], "predicted": [1, 5, 4], "truth": [3, 0, 7]}},
           {"name": "knn \\"items\\"", "kind": "knn", "predictions": 0, "fallbacks": 0, "metrics": {}, "failedFolds": [2]},
           {"name": "combined", "kind": "weighted", "predictions": 10, "fallbacks": 0,
            "metrics": {"rmse": {"folds": [0.88, 0.9], "mean": 0.89, "std": 0.014}, "ndcg@5": {"folds": [0.5, 0.52], "mean": 0.51, "std": 0.01}},
            "histogram": {"edges": [0.75, 1.25, 1.75, 2.25], "predicted": [2, 4, 4], "truth": [3, 0, 7]}}],
         "gates": [{"metric": "rmse", "model": "combined", "max": 0.95, "value": 0.89, "passed": true}],
         "regressionGates": [{"metric": "rmse", "model": "combined", "baseline": "main (3f2c4fc)", "baselineValue": 0.88,
                              "value": 0.89, "margin": "0.002", "regression": 0.01, "passed": false}],
         "baseline": {"revision": "main", "commit": "3f2c4fc0123456789", "metrics": {"combined.rmse": 0.88, "svd.rmse": 0.95, "old.rmse": 1.1},
                      "folds": {}},
         "combine": {"method": "weighted",
           "weights": [{"fold": 1, "from": 1700000000, "to": 1700086400, "weights": {"svd": 0.7, "bias": 0.3}, "intercept": 0},
                       {"fold": 1, "from": 1700086400, "to": 1700172800, "weights": {"svd": 0.6, "bias": 0.4}, "intercept": 0},
                       {"fold": 2, "from": 1700000000, "to": 1700086400, "weights": {"svd": 0.5, "bias": 0.5}, "intercept": 0}],
           "coefficients": [{"fold": 1, "coefficients": {"svd": 0.8, "svd × user_support": -0.1}, "intercept": 0.2}],
           "outOfBag": [{"fold": 2, "value": 0.97}, {"fold": 1, "value": 0.95}],
           "rounds": [{"fold": 1, "rounds": 3, "kept": 2, "validation": [1.0, 0.95, 0.96]}]},
         "search": {"method": "random", "metric": "rmse", "goal": "minimize", "target": "combined", "best": 2,
           "bestSoFar": [0.95, 0.93, 0.93, 0.93], "stoppedBy": "trials",
           "trials": [{"trial": 1, "parameters": {"models.svd.lr": 0.001, "models.knn.similarity": "cosine"}, "objective": 0.95, "status": "ok"},
                      {"trial": 2, "parameters": {"models.svd.lr": 0.02, "models.knn.similarity": "pearson"}, "objective": 0.93, "status": "ok"},
                      {"trial": 3, "parameters": {"models.svd.lr": 0.3, "models.knn.similarity": "cosine"}, "status": "failed: diverged"},
                      {"trial": 4, "parameters": {"models.svd.lr": 0.005, "models.knn.similarity": "pearson"}, "objective": 0.94, "status": "ok"}]}}
        """

    static func page(_ json: String) throws -> XMLMarkup {
        let results = try #require(PipelineResults.decode(json))
        let markup = XMLMarkup(results.html())
        #expect(markup.error == nil, "the page is well-formed XHTML")
        return markup
    }

    /// `data-chart` → the chart's `<svg>` attributes.
    static func charts(_ markup: XMLMarkup) -> [String: [String: String]] {
        Dictionary(
            markup.all("svg").map { ($0.attributes["data-chart"] ?? "", $0.attributes) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func everySectionAndChartTheResultsHoldIsThere() throws {
        let markup = try Self.page(Self.everything)
        #expect(
            markup.all("section").compactMap { $0.attributes["id"] } == [
                "results", "gates", "baseline", "folds", "combiner", "search", "learning-curves", "histograms",
            ])
        let charts = Self.charts(markup)
        // Failed models draw nothing; the others one point per fold.
        #expect(charts["fold-metrics-rmse"]?["data-points"] == "4")
        #expect(charts["fold-metrics-ndcg-5"]?["data-points"] == "4")
        // w_i(t) on fold 1: two windows of two members.
        #expect(charts["combiner-weights-over-time"]?["data-points"] == "4")
        #expect(charts["combiner-coefficients"]?["data-bars"] == "2")
        #expect(charts["combiner-out-of-bag"]?["data-bars"] == "2")
        #expect(charts["combiner-rounds"]?["data-points"] == "3")
        // Three trials with an objective; the failed one has no point.
        #expect(charts["search-best-so-far"]?["data-points"] == "3")
        #expect(charts["search-parameter-models-svd-lr"]?["data-points"] == "3")
        #expect(charts["search-parameter-models-svd-lr"]?["data-kind"] == "scatter")
        #expect(charts["search-parameter-models-knn-similarity"]?["data-bars"] == "2")
        #expect(charts["learning-curve-svd"]?["data-points"] == "4")
        #expect(charts["histogram-svd"]?["data-bars"] == "6")
        #expect(charts["histogram-combined"]?["data-bars"] == "6")
        #expect(charts["baseline-change-rmse"]?["data-bars"] == "2")
        #expect(charts.count == 13)
        // Every chart has a title for people and for screen readers.
        for svg in markup.all("svg") { #expect(!(svg.attributes["aria-label"] ?? "").isEmpty) }
        #expect(markup.all("title").contains { $0.text == "svd (mf): training loss per epoch" })
        #expect(markup.all("text", className: "axis-label").contains { $0.text == "training loss (sum of squared errors)" })
    }

    @Test func theTimeAxisOfUnixTimesCountsDaysFromTheFirstWindow() throws {
        let markup = try Self.page(Self.everything)
        #expect(
            markup.all("text", className: "axis-label").contains { $0.text == "time (window middle) (days since 2023-11-14)" })
    }

    @Test func tablesCarryTheResultsGatesAndTheBaselineDiff() throws {
        let markup = try Self.page(Self.everything)
        let cells = markup.all("td").map(\.text)
        #expect(cells.contains("0.9100 ± 0.0140"))
        #expect(cells.contains("failed (fold 2)"))
        #expect(markup.all("td", className: "failed").count >= 2, "the failed model's cells and the regression gate")
        // Against main: svd improved, combined got worse, old was removed; ndcg@5 is new.
        let baseline = markup.all("table").first { $0.attributes["class"] == "baseline" }
        #expect(baseline != nil)
        #expect(markup.all("td", className: "name better").count == 1)
        #expect(markup.all("td", className: "name worse").count == 1)
        #expect(cells.contains("removed") && cells.contains("new"))
        #expect(markup.all("h2").contains { $0.text == "Against main (3f2c4fc)" })
    }

    @Test func thePageNeedsNothingFromOutside() throws {
        let results = try #require(PipelineResults.decode(Self.everything))
        let html = results.html()
        #expect(!html.contains("<script"))
        let links = html.components(separatedBy: "http").dropFirst()
        #expect(links.allSatisfy { $0.hasPrefix("://www.w3.org/2000/svg\"") }, "only the SVG namespace, never a URL to load")
        #expect(html.contains("<h1>demo &lt;&amp;&gt;</h1>"))
    }

    @Test func theSameResultsGiveTheSameBytes() throws {
        let first = try #require(PipelineResults.decode(Self.everything))
        let second = try #require(PipelineResults.decode(Self.everything))
        #expect(first.html() == second.html())
    }

    @Test func sectionsWithoutDataAreLeftOut() throws {
        let minimal = """
            {"pipeline": "p", "folds": 1, "metrics": ["rmse"], "gates": [],
             "models": [{"name": "a", "kind": "baseline", "metrics": {"rmse": {"folds": [1.0], "mean": 1.0, "std": 0}},
                         "predictions": 3, "fallbacks": 0}]}
            """
        let markup = try Self.page(minimal)
        #expect(markup.all("section").compactMap { $0.attributes["id"] } == ["results", "folds"])
        #expect(Self.charts(markup).keys.sorted() == ["fold-metrics-rmse"])
        #expect(markup.all("td").map(\.text).contains("1.0000"))
    }

    @Test func aBaselineWithoutALockFileSaysSo() throws {
        let json = Self.everything.replacingOccurrences(
            of: "\"folds\": {}}", with: "\"folds\": {}, \"missing\": \"main (3f2c4fc) has no p.lock\"}")
        let markup = try Self.page(json)
        #expect(markup.all("p").contains { $0.text == "No baseline to compare with: main (3f2c4fc) has no p.lock." })
        #expect(Self.charts(markup)["baseline-change-rmse"] == nil)
    }
}
