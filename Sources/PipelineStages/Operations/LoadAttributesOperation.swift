import MLCore
import PipelineGraph
import PipelineSpec

/// Reads an attribute table (`data: {users: ...}` or `items:`). Only fits
/// of models that list its attributes in `features:` read it, so editing
/// the file refits those models alone.
struct LoadAttributesOperation: PipelineOperation {
    let name: String
    let table: AttributeSourceSpec

    var version: Int { 1 }
    var usesSeed: Bool { false }
    var fileDependencies: [String] { [table.path.value] }

    var configuration: ConfigValue {
        var attributes: [String: ConfigValue] = [:]
        for attribute in table.attributes {
            attributes[attribute.name.value] = .object([
                "column": .string(attribute.column.value.description),
                "type": .string(attribute.encoding.value.rawValue),
                "separator": attribute.separator.map { .string($0.value) } ?? .null,
            ])
        }
        return [
            "data": .object([
                name: .object([
                    "path": .string(table.path.value),
                    "format": .string(table.format.value.rawValue),
                    "delimiter": table.delimiter.map { .string($0.value) } ?? .null,
                    "header": .bool(table.header.value),
                    "id": .string(table.id.value.description),
                    "attributes": .object(attributes),
                ])
            ])
        ]
    }

    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        let shown = table.path.value
        let path = shown.hasPrefix("/") ? shown : context.workingDirectory + "/" + shown
        do {
            let loaded = try AttributeFile.load(path: path, options: table.attributeFileOptions)
            return AttributesArtifact(entity: table.entity.rawValue, table: loaded).artifact
        } catch {
            throw DataError.describe(error, table: name, spec: table, shownPath: shown)
        }
    }
}
