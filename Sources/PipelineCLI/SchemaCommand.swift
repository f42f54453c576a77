import ArgumentParser
import PipelineKinds
import PipelineSpec

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of pipeline files.",
        discussion:
            "The committed copy is grammar/pipeline.schema.json; editors with a YAML language server use it for checks and completion."
    )

    func run() throws {
        Console.out(PipelineSchema.generate(registry: Kinds.registry).rendered())
    }
}
