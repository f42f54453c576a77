import PipelineBasics
import PipelineSpec
import Testing

/// Shared settings through YAML anchors: the merge key `<<` and top-level `x-` keys.
@Suite struct YAMLAnchorTests {
    static func load(_ text: String) -> LoadedPipeline {
        PipelineLoader(environment: [:]).load(text: text, file: "p.yaml")
    }

    static func clean(_ loaded: LoadedPipeline, sourceLocation: SourceLocation = #_sourceLocation) throws -> PipelineSpec {
        let rendered = DiagnosticRenderer(sources: loaded.sources).render(loaded.diagnostics)
        #expect(loaded.diagnostics.isEmpty, "\(rendered)", sourceLocation: sourceLocation)
        return try #require(loaded.spec, sourceLocation: sourceLocation)
    }

    @Test func mergeKeyBringsInAnAnchoredMapping() throws {
        let spec = try Self.clean(
            Self.load(
                """
                mass: 1
                x-sgd: &sgd {epochs: 20, lr: 0.005}
                data:
                  ratings:
                    synthetic: {users: 50, items: 40, ratings: 500}
                models:
                  svd: {<<: *sgd, kind: mf}
                """))
        let svd = try #require(spec.model(named: "svd"))
        #expect(svd.parameters.written["epochs"]?.value == .int(20))
        #expect(svd.parameters.written["lr"]?.value == .double(0.005))
    }

    @Test func explicitKeysWinOverMergedOnes() throws {
        let spec = try Self.clean(
            Self.load(
                """
                mass: 1
                x-sgd: &sgd {epochs: 20, lr: 0.005}
                data:
                  ratings:
                    synthetic: {users: 50, items: 40, ratings: 500}
                models:
                  svd:
                    <<: *sgd
                    kind: mf
                    epochs: 40
                """))
        #expect(spec.model(named: "svd")?.parameters.written["epochs"]?.value == .int(40))
    }

    @Test func aListOfMappingsMergesEarlierFirst() throws {
        let spec = try Self.clean(
            Self.load(
                """
                mass: 1
                x-fast: &fast {epochs: 5}
                x-sgd: &sgd {epochs: 20, lr: 0.005}
                data:
                  ratings:
                    synthetic: {users: 50, items: 40, ratings: 500}
                models:
                  svd: {<<: [*fast, *sgd], kind: mf}
                """))
        let svd = try #require(spec.model(named: "svd"))
        #expect(svd.parameters.written["epochs"]?.value == .int(5))
        #expect(svd.parameters.written["lr"]?.value == .double(0.005))
    }

    @Test func mergedValuesAreCheckedWhereTheAnchorIs() {
        let loaded = Self.load(
            """
            mass: 1
            x-sgd: &sgd {epochs: -3}
            data:
              ratings:
                synthetic: {users: 50, items: 40, ratings: 500}
            models:
              svd: {<<: *sgd, kind: mf}
            """)
        #expect(loaded.hasErrors)
        #expect(loaded.diagnostics.map(\.position.line) == [2])
    }

    @Test func extensionKeysAreIgnored() throws {
        let spec = try Self.clean(
            Self.load(
                """
                mass: 1
                x-notes: anything goes here
                x-defaults: {not: [checked]}
                data:
                  ratings:
                    synthetic: {users: 50, items: 40, ratings: 500}
                models:
                  svd: {kind: mf}
                """))
        #expect(spec.models.count == 1)
    }
}
