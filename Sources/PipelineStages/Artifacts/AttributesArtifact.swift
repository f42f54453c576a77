import MLCore
import PipelineGraph

/// A loaded attribute table (`data: {users: ...}`) as it travels to the fits
/// of models with side features.
struct AttributesArtifact: Sendable {
    static let type = "attributes"

    var entity: String
    var table: AttributeTable

    var artifact: Artifact {
        .record([
            "type": .string(Self.type),
            "entity": .string(entity),
            "ids": .strings(table.ids),
            "offsets": .indices(table.offsets),
            "features": .int32s(table.features),
            "values": .floats(table.values),
            "featureNames": .strings(table.featureNames),
            "featureAttributes": .int32s(table.featureAttributes),
            "attributes": .strings(table.attributes),
        ])
    }

    init(entity: String, table: AttributeTable) {
        self.entity = entity
        self.table = table
    }

    init(_ artifact: Artifact) throws {
        guard Self.isAttributes(artifact), let entity = artifact[field: "entity"]?.stringValue,
            let ids = artifact[field: "ids"]?.stringArray, let offsets = artifact[field: "offsets"]?.indexArray,
            let features = artifact[field: "features"]?.int32Array, let values = artifact[field: "values"]?.floatArray,
            let names = artifact[field: "featureNames"]?.stringArray,
            let owners = artifact[field: "featureAttributes"]?.int32Array,
            let attributes = artifact[field: "attributes"]?.stringArray,
            offsets.count == ids.count + 1, offsets.first == 0, offsets.last == features.count,
            features.count == values.count, names.count == owners.count,
            features.allSatisfy({ $0 >= 0 && Int($0) < names.count }),
            owners.allSatisfy({ $0 >= 0 && Int($0) < attributes.count })
        else { throw StageError.malformedInput("attributes") }
        self.entity = entity
        table = AttributeTable(
            ids: ids, offsets: offsets, features: features, values: values, featureNames: names, featureAttributes: owners,
            attributes: attributes)
    }

    static func isAttributes(_ artifact: Artifact) -> Bool { artifact[field: "type"]?.stringValue == type }
}
