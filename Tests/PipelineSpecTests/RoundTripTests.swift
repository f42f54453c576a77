import PipelineBasics
import Testing
@testable import PipelineSpec

@Suite struct RoundTripTests {
    /// Rendering a valid spec and reading the text back gives an equal spec.
    @Test(arguments: 0..<200)
    func renderedSpecReadsBackEqual(seed: Int) throws {
        var generator = RandomSpecGenerator(seed: UInt64(seed))
        let spec = generator.spec()
        let text = SpecRenderer.render(spec)
        let loaded = PipelineLoader(environment: [:]).load(text: text, file: "generated.yaml")
        let errors = loaded.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "seed \(seed):\n\(DiagnosticRenderer(sources: loaded.sources).render(errors))\n\(text)")
        let reloaded = try #require(loaded.spec)
        #expect(reloaded == spec, "seed \(seed):\n\(text)")
    }

    @Test func everyPipelineInTheRepositoryRoundTrips() throws {
        let pipelines = try FileSystemFixtures.pipelineFiles()
        #expect(!pipelines.isEmpty)
        for path in pipelines {
            let spec = try #require(PipelineLoader(environment: [:]).load(file: path).spec, "\(path) must be valid")
            let reloaded = PipelineLoader(environment: [:]).load(text: SpecRenderer.render(spec), file: path).spec
            #expect(reloaded == spec, "\(path)")
        }
    }

    /// Messages print 5 for 5.0; the renderer must not: a double stays a double.
    @Test func wholeDoublesKeepTheirType() throws {
        let text = """
            mass: 1
            params: {scale: 5.0}
            data:
              ratings: {synthetic: {users: 50, items: 40, ratings: 500}}
            split: {method: holdout, validation: 0.1}
            models:
              svd: {kind: mf}
            search:
              method: random
              objective: rmse
              space:
                models.svd.reg: choice(1.0, 2)
            stages:
              prep: {run: "echo ${params.scale}"}
            """
        let spec = try #require(PipelineLoader(environment: [:]).load(text: text, file: "p.yaml").spec)
        let reloaded = try #require(PipelineLoader(environment: [:]).load(text: SpecRenderer.render(spec), file: "p.yaml").spec)
        #expect(reloaded.params.first?.value.value == .double(5))
        #expect(reloaded.search?.space.first?.distribution.value == .choice([.double(1), .int(2)]))
        #expect(reloaded == spec)
    }

    /// `replay:` is a count of rows or a share of every row seen, and renders as written.
    @Test(arguments: [("2000", ReplaySize.rows(2000)), ("50%", .share(0.5)), ("12.5%", .share(0.125)), ("100%", .share(1))])
    func incrementalReplayReadsAndRendersBack(written: String, expected: ReplaySize) throws {
        let text = """
            mass: 1
            data:
              ratings: {path: "data/*.csv"}
            split: {method: prequential}
            models:
              inc: {kind: mf, incremental: {epochs: 1, replay: \(written)}}
            """
        let loaded = PipelineLoader(environment: [:]).load(text: text, file: "p.yaml")
        let spec = try #require(loaded.spec, "\(loaded.diagnostics)")
        #expect(spec.models.first?.incremental?.value.replay == expected)
        #expect(expected.description == written)
        let reloaded = try #require(PipelineLoader(environment: [:]).load(text: SpecRenderer.render(spec), file: "p.yaml").spec)
        #expect(reloaded == spec)
    }
}

/// Paths in the repository, found from this file's location.
enum FileSystemFixtures {
    static var repositoryRoot: String {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/PipelineSpecTests/FILE
        return parts.joined(separator: "/")
    }

    static func pipelineFiles() throws -> [String] {
        let folder = repositoryRoot + "/pipelines"
        return try FileManagerShim.contents(of: folder).filter { $0.hasSuffix(".yaml") }.sorted().map { folder + "/" + $0 }
    }
}
