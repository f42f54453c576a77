import PipelineBasics
import Testing

@Suite struct SuggestionsTests {
    @Test(arguments: [("alpah", "alpha"), ("paht", "path"), ("tiem", "time"), ("knid", "kind")])
    func transposedLettersAreSuggested(_ typo: String, _ word: String) {
        #expect(suggestions(for: typo, among: [word, "other"]) == [word])
    }

    @Test func prefixesAreSuggested() {
        #expect(suggestions(for: "bayesian", among: ["grid", "random", "anneal", "bayes"]) == ["bayes"])
        #expect(suggestions(for: "maximum", among: ["min", "max"]) == ["max"])
        #expect(suggestions(for: "svd", among: ["mf", "svdpp"]).isEmpty)
    }
}

@Suite struct SourceLinesTests {
    @Test func everyLineEndingCounts() {
        #expect(sourceLines("a\r\nb\rc\nd") == ["a", "b", "c", "d"])
        #expect(sourceLines("a\r\n") == ["a", ""])
    }

    @Test func crlfFilesRenderTheirLine() {
        let renderer = DiagnosticRenderer(sources: ["f.yaml": "mass: 1\r\nname: x\r\n"])
        let text = renderer.render(.error(.invalidValue, "bad", at: SourcePosition(file: "f.yaml", line: 2, column: 7)))
        #expect(text == "f.yaml:2:7: error: bad\nname: x\n      ^")
    }
}

@Suite struct DiagnosticCodeTests {
    @Test func codesAreUniqueAndSpelledAlike() {
        let names = DiagnosticCode.all.map(\.rawValue)
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "-" } })
    }
}
