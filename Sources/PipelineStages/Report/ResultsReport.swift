import Foundation
import Plot
import ReportCharts

/// The HTML report of a run (`report: {html: ...}`): one self-contained page
/// (inline CSS and SVG, no script, no link outside it) with the results
/// table, the gates, the diff against the baseline, and charts of the folds,
/// the combiner, the search, the learning curves and the rating histograms.
/// Sections without data are left out; the same results give the same bytes.
struct ResultsReport {
    let results: PipelineResults

    /// A part of the page with its own heading and entry in the contents.
    struct Section {
        var id: String
        var title: String
        var nodes: [Node<HTML.BodyContext>]
    }

    func html() -> String {
        let sections = [
            resultsSection(), gatesSection(), baselineSection(), foldSection(), combineSection(), searchSection(),
            learningCurveSection(), streamErrorSection(), histogramSection(),
        ].compactMap { $0 }
        let page = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .element(named: "title", text: "\(results.pipeline): mass report"),
                .style(Self.stylesheet)
            ),
            .body(
                .header(
                    .h1(.text(results.pipeline)),
                    .p(.text(overview)),
                    .nav(
                        .ul(
                            .forEach(sections) { section in
                                .li(.a(.href("#" + section.id), .text(section.title)))
                            }))
                ),
                .forEach(sections) { section in
                    .section(.id(section.id), .h2(.text(section.title)), .group(section.nodes))
                },
                .footer(.p(.text("Written by mass from the run's results; it reads without scripts or a network.")))
            )
        )
        return page.render() + "\n"
    }

    /// `5 folds; metrics rmse, mae; mean ± standard deviation over folds.`
    private var overview: String {
        let unit = results.steps == nil ? "fold" : "prequential step"
        let count = "\(results.folds) \(unit)\(results.folds == 1 ? "" : "s")"
        let spread = results.folds > 1 ? "; mean ± standard deviation over the \(unit)s" : ""
        return "\(count); metrics \(results.metrics.joined(separator: ", "))\(spread)."
    }

    /// What the x axis of per-fold charts is called.
    var foldName: String { results.steps == nil ? "fold" : "prequential step" }

    /// A chart with a caption, in a `<figure>` the page lays out in a grid.
    static func figure(_ svg: String, caption: String) -> Node<HTML.BodyContext> {
        .element(named: "figure", nodes: [.raw(svg), .element(named: "figcaption", nodes: [.text(caption)])])
    }

    /// A list of notes, or nothing.
    static func notes(_ lines: [String]) -> Node<HTML.BodyContext> {
        lines.isEmpty ? .empty : .ul(.class("notes"), .forEach(lines) { .li(.text($0)) })
    }

    /// A name made safe for `id` and `data-chart`: letters, digits and dashes.
    static func slug(_ text: String) -> String {
        let characters = text.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }
        return String(characters)
    }

    /// A value for tables: four decimals, as the text table prints them.
    static func number(_ value: Double?) -> String { value.map(PipelineResults.format) ?? "-" }

    private static let stylesheet = """
        body{font-family:sans-serif;margin:1.5em auto;max-width:1240px;color:#222;padding:0 1em}
        h1{margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
        nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4em 1.2em}
        table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
        th{background:#f4f4f4}td.name,th.name{text-align:left}
        .passed{color:#1a7f37}.failed{color:#c62828;font-weight:bold}.better{color:#1a7f37}.worse{color:#c62828}
        .charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0;border:1px solid #e4e4e4;padding:6px;background:#fff}
        figcaption{font-size:.85em;color:#555;max-width:560px;margin-top:4px}
        ul.notes{color:#444}footer{margin-top:2em;color:#777;font-size:.85em}
        """
}

extension PipelineResults {
    /// The self-contained HTML report: tables and SVG charts, no script.
    public func html() -> String { ResultsReport(results: self).html() }
}
