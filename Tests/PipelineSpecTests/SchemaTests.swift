import Foundation
import Testing
import PipelineKinds
@testable import PipelineSpec

@Suite struct SchemaTests {
    /// The committed schema is what `mass schema` prints; regenerate it with
    /// `swift run mass schema > grammar/pipeline.schema.json`.
    @Test func committedSchemaMatchesTheRegistry() throws {
        let path = FileSystemFixtures.repositoryRoot + "/grammar/pipeline.schema.json"
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(
            committed == PipelineSchema.generate(registry: Kinds.registry).rendered(),
            "grammar/pipeline.schema.json is stale: run `swift run mass schema > grammar/pipeline.schema.json`")
    }

    @Test func schemaIsValidJSONWithEveryModelKind() throws {
        let text = PipelineSchema.generate(registry: Kinds.registry).rendered()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        for kind in Kinds.registry.models.map(\.name) {
            #expect(text.contains("\"const\": \"\(kind)\""), "model kind \(kind) missing from the schema")
        }
    }

    /// Top-level `x-` keys hold anchors; editors must not flag them.
    @Test func extensionKeysAreAllowedAtTheTop() throws {
        let text = PipelineSchema.generate(registry: Kinds.registry).rendered()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let patterns = try #require(object["patternProperties"] as? [String: Any])
        #expect(patterns["^x-"] != nil)
    }
}
