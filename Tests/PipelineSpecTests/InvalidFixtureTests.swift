// Golden tests for the diagnostics of invalid pipeline files.
//
// Each `Fixtures/invalid/NAME.yaml` holds one mistake; `NAME.expected` holds
// exactly what `mass validate` prints for it (the rendered diagnostics, caret
// lines and summary line included), with the file named `invalid/NAME.yaml`.
// A fixture whose first line is `# args: -p NAME=VALUE ...` is loaded with
// those overrides.
//
// After a deliberate change of a message, regenerate every expected file with
//
//     MASS_UPDATE_FIXTURES=1 swift test --filter InvalidFixtureTests
//
// and review the diff before committing it.

import Foundation
import PipelineBasics
import PipelineSpec
import Testing

enum InvalidFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("invalid")

    /// Fixture names without the `.yaml` extension, sorted.
    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(".yaml".count)) }.sorted()
    }()

    static var isUpdating: Bool { ProcessInfo.processInfo.environment["MASS_UPDATE_FIXTURES"] == "1" }

    static func text(of name: String, extension fileExtension: String) -> String? {
        try? String(contentsOf: folder.appendingPathComponent("\(name).\(fileExtension)"), encoding: .utf8)
    }

    /// The overrides of a leading `# args: -p A=1 -p B=2` line.
    static func overrides(for text: String) throws -> ParameterOverrides {
        var overrides = ParameterOverrides()
        guard let first = text.split(separator: "\n", maxSplits: 1).first, first.hasPrefix("# args:") else { return overrides }
        let words = first.dropFirst("# args:".count).split(separator: " ").map(String.init)
        #expect(words.count % 2 == 0, "'# args:' takes pairs '-p NAME=VALUE'")
        for pair in stride(from: 0, to: words.count - 1, by: 2) {
            try #require(words[pair] == "-p", "'# args:' supports only -p, found \(words[pair])")
            overrides.add(assignment: words[pair + 1])
        }
        return overrides
    }

    static func load(_ name: String) throws -> LoadedPipeline {
        let text = try #require(self.text(of: name, extension: "yaml"), "cannot read \(name).yaml")
        let loader = PipelineLoader(environment: ["MASS_FIXTURE_ENV": "set"])
        return loader.load(text: text, file: "invalid/\(name).yaml", overrides: try overrides(for: text))
    }

    static func render(_ loaded: LoadedPipeline) -> String {
        DiagnosticRenderer(sources: loaded.sources).render(loaded.diagnostics) + "\n"
    }
}

@Suite struct InvalidFixtureTests {
    @Test func theCorpusIsThere() {
        #expect(
            InvalidFixtures.names.count >= 45, "found \(InvalidFixtures.names.count) fixtures in \(InvalidFixtures.folder.path)")
    }

    @Test(arguments: InvalidFixtures.names)
    func rendersAsExpected(_ name: String) throws {
        let rendered = InvalidFixtures.render(try InvalidFixtures.load(name))
        let expectedFile = InvalidFixtures.folder.appendingPathComponent("\(name).expected")
        if InvalidFixtures.isUpdating {
            try rendered.write(to: expectedFile, atomically: true, encoding: .utf8)
            return
        }
        let expected = try #require(
            InvalidFixtures.text(of: name, extension: "expected"),
            "no \(name).expected; run MASS_UPDATE_FIXTURES=1 swift test --filter InvalidFixtureTests")
        #expect(rendered == expected, "\(name): rendered diagnostics differ from \(name).expected")
    }

    @Test(arguments: InvalidFixtures.names)
    func reportsAnError(_ name: String) throws {
        let loaded = try InvalidFixtures.load(name)
        #expect(loaded.hasErrors, "\(name) loads without errors")
        #expect(loaded.spec == nil, "\(name) has errors but still produced a spec")
        for diagnostic in loaded.diagnostics where diagnostic.position.isKnown {
            // Positions inside the fixture must point at a real line and column.
            // Count line feeds as scalars: a "\r\n" pair is one Character.
            let lineCount = (loaded.sources[diagnostic.position.file] ?? "").unicodeScalars.filter { $0 == "\n" }.count + 1
            #expect(diagnostic.position.line <= lineCount, "\(name): \(diagnostic.position) is past the end of the file")
        }
    }

    @Test(arguments: InvalidFixtures.names)
    func loadingIsDeterministic(_ name: String) throws {
        let first = try InvalidFixtures.load(name)
        let second = try InvalidFixtures.load(name)
        #expect(first.diagnostics == second.diagnostics)
        #expect(InvalidFixtures.render(first) == InvalidFixtures.render(second))
    }

    /// Every expected file belongs to a fixture, so that renamed fixtures do not leave stale goldens behind.
    @Test func noOrphanExpectedFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: InvalidFixtures.folder.path)
        let orphans = files.filter { $0.hasSuffix(".expected") }.map { String($0.dropLast(".expected".count)) }
            .filter { !InvalidFixtures.names.contains($0) }
        #expect(orphans.isEmpty, "expected files without a fixture: \(orphans)")
    }
}
