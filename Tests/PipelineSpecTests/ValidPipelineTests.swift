import Foundation
import PipelineBasics
import PipelineKinds
import PipelineSpec
import Testing

/// The example pipelines shipped in `pipelines/` must stay valid, without warnings.
@Suite struct ValidPipelineTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let pipelineFiles: [String] = {
        let folder = repositoryRoot.appendingPathComponent("pipelines")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
    }()

    @Test func thereAreExamplePipelines() {
        #expect(!Self.pipelineFiles.isEmpty, "no pipelines under \(Self.repositoryRoot.path)/pipelines")
    }

    @Test(arguments: ValidPipelineTests.pipelineFiles)
    func loadsCleanly(_ file: String) throws {
        let path = Self.repositoryRoot.appendingPathComponent("pipelines").appendingPathComponent(file).path
        let loaded = PipelineLoader.standard.load(file: path)
        let rendered = DiagnosticRenderer(sources: loaded.sources).render(loaded.diagnostics)
        #expect(loaded.diagnostics.isEmpty, "\(file):\n\(rendered)")
        let spec = try #require(loaded.spec)
        #expect(spec.version.value == 1)
        #expect(!spec.models.isEmpty)
        #expect(!spec.data.isEmpty)
    }
}
