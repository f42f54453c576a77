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
}

/// Paths in the repository, found from this file's location.
enum FileSystemFixtures {
    static var repositoryRoot: String {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3) // Tests/PipelineSpecTests/FILE
        return parts.joined(separator: "/")
    }

    static func pipelineFiles() throws -> [String] {
        let folder = repositoryRoot + "/pipelines"
        return try FileManagerShim.contents(of: folder).filter { $0.hasSuffix(".yaml") }.sorted().map { folder + "/" + $0 }
    }
}
