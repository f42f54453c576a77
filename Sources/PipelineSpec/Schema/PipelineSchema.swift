/// The JSON Schema (draft 2020-12) of pipeline files, generated from the
/// kind registry so that it never disagrees with the validator.
///
/// The schema checks shape and types for editors; mass's own checks go
/// further (references between sections, search-space bounds, cycles).
public enum PipelineSchema {
    public static func generate(registry: KindRegistry) -> JSONValue {
        .object([
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("title", .string("mass pipeline")),
            (
                "description",
                .string(
                    "A machine-learning ensemble pipeline run by mass. Mappings may use the YAML merge key '<<' "
                        + "(a mapping or a list of mappings; explicit keys win), which YAML loaders resolve before validation.")
            ),
            ("type", .string("object")),
            ("required", .array([.string("mass")])),
            ("additionalProperties", .bool(false)),
            // Free keys for YAML anchors, as docker compose has; mass ignores them.
            (
                "patternProperties",
                .object([
                    (
                        "^x-",
                        .object([
                            (
                                "description",
                                .string("ignored by mass: a place for YAML anchors (&name) to merge elsewhere with <<: *name")
                            )
                        ])
                    )
                ])
            ),
            (
                "properties",
                .object([
                    (
                        "mass",
                        .object([("description", .string("language version")), ("const", .int(PipelineSpec.languageVersion))])
                    ),
                    ("name", .object([("type", .string("string"))])),
                    ("seed", typed(.int, description: "seed of every random choice; same seed, same results", minimum: 0)),
                    ("params", params),
                    ("stages", namedCollection(stage)),
                    ("data", namedCollection(dataSource)),
                    ("split", kinded(registry.splits, key: "method", category: "split method")),
                    ("sample", kinded(registry.samplers, key: "method", category: "sampling method")),
                    (
                        "models",
                        namedCollection(
                            kinded(
                                registry.models, key: "kind", category: "model kind",
                                extra: [("incremental", incremental), ("online", online)]))
                    ),
                    ("combine", combine(registry)),
                    ("search", search(registry)),
                    ("evaluate", evaluate),
                    ("report", report),
                ])
            ),
            (
                "$defs",
                .object([
                    (
                        "interpolation",
                        .object([
                            ("description", .string("${params.NAME} or ${env.NAME}")),
                            ("type", .string("string")),
                            ("pattern", .string("^\\$\\{(params|env)\\.[A-Za-z_][A-Za-z0-9_-]*\\}$")),
                        ])
                    ),
                    ("name", .object([("pattern", .string("^[A-Za-z][A-Za-z0-9_-]*$"))])),
                    ("metric", metric),
                    (
                        "searchExpression",
                        .object([
                            (
                                "description",
                                .string(
                                    "uniform(a, b) | loguniform(a, b) | int(a, b[, log]) | choice(v1, ...) (grammar/expressions.ebnf)"
                                )
                            ),
                            ("type", .string("string")),
                            ("pattern", .string("^\\s*(uniform|loguniform|int|choice)\\s*\\(.*\\)\\s*$")),
                        ])
                    ),
                ])
            ),
        ])
    }

    static let interpolation = JSONValue.object([("$ref", .string("#/$defs/interpolation"))])

    /// A value of a parameter type, or an interpolation that yields one.
    static func typed(
        _ type: ParameterType, description: String? = nil, defaultValue: ParameterValue? = nil,
        bounds: NumericBounds? = nil, minimum: Double? = nil
    ) -> JSONValue {
        var core: [(String, JSONValue)] = []
        switch type {
        case .int: core.append(("type", .string("integer")))
        case .double: core.append(("type", .string("number")))
        case .bool: core.append(("type", .string("boolean")))
        case .string, .path: core.append(("type", .string("string")))
        case .choice(let options): core.append(("enum", .array(options.map(JSONValue.string))))
        case .stringList, .pathList: core += [("type", .string("array")), ("items", .object([("type", .string("string"))]))]
        case .choiceList(let options):
            core += [("type", .string("array")), ("items", .object([("enum", .array(options.map(JSONValue.string)))]))]
        case .modelName: core.append(("type", .string("string")))
        case .modelNames:
            core.append(("anyOf", .array([.object([("type", .string("string"))]), PipelineSchema.stringList])))
        case .window:
            core.append(
                (
                    "anyOf",
                    .array([
                        closedObject(
                            [("rows", .object([("type", .string("integer")), ("minimum", .int(2))]))], required: ["rows"]),
                        .object([("type", .string("number")), ("exclusiveMinimum", .int(0))]),
                        .object([("type", .string("string")), ("pattern", .string("^\\s*[0-9]+(\\.[0-9]+)?\\s*[smhdw]?\\s*$"))]),
                    ])
                ))
        case .duration:
            core.append(
                (
                    "anyOf",
                    .array([
                        .object([("type", .string("number")), ("exclusiveMinimum", .int(0))]),
                        .object([("type", .string("string")), ("pattern", .string("^\\s*[0-9]+(\\.[0-9]+)?\\s*[smhdw]?\\s*$"))]),
                    ])
                ))
        case .intList:
            var item: [(String, JSONValue)] = [("type", .string("integer"))]
            if let low = bounds?.low { item.append(("minimum", number(low))) }
            core += [("type", .string("array")), ("items", .object(item)), ("minItems", .int(1))]
        case .stoppingRule(let metrics):
            var patience: [(String, JSONValue)] = [("type", .string("integer"))]
            if let low = bounds?.low { patience.append(("minimum", number(low))) }
            let rule = closedObject(
                [("patience", .object(patience)), ("metric", .object([("enum", .array(metrics.map(JSONValue.string)))]))],
                required: ["patience"])
            core.append(("anyOf", .array([.object(patience), rule])))
        case .choiceOrList(let options):
            let word = JSONValue.object([("enum", .array(options.map(JSONValue.string)))])
            core.append(("anyOf", .array([word, .object([("type", .string("array")), ("items", word)])])))
        case .numberPair:
            core += [
                ("type", .string("array")), ("items", .object([("type", .string("number"))])),
                ("minItems", .int(2)), ("maxItems", .int(2)),
            ]
        }
        if let minimum { core.append(("minimum", number(minimum))) }
        // A list's bounds are its items' (above).
        if let bounds, type != .intList {
            if let low = bounds.low { core.append((bounds.includesLow ? "minimum" : "exclusiveMinimum", number(low))) }
            if let high = bounds.high { core.append((bounds.includesHigh ? "maximum" : "exclusiveMaximum", number(high))) }
        }
        var schema: [(String, JSONValue)] = []
        if let description { schema.append(("description", .string(description))) }
        if let defaultValue { schema.append(("default", json(defaultValue))) }
        schema.append(("anyOf", .array([.object(core), interpolation])))
        return .object(schema)
    }

    static func number(_ value: Double) -> JSONValue {
        value == value.rounded() && abs(value) < 1e15 ? .int(Int(value)) : .double(value)
    }

    static func json(_ value: ParameterValue) -> JSONValue {
        switch value {
        case .int(let value): .int(value)
        case .double(let value): number(value)
        case .bool(let value): .bool(value)
        case .string(let value): .string(value)
        case .list(let values): .array(values.map(json))
        }
    }

    static func namedCollection(_ entry: JSONValue) -> JSONValue {
        .object([
            ("type", .string("object")),
            ("propertyNames", .object([("$ref", .string("#/$defs/name"))])),
            ("additionalProperties", entry),
        ])
    }

    static func closedObject(_ properties: [(String, JSONValue)], required: [String] = [], description: String? = nil)
        -> JSONValue
    {
        var schema: [(String, JSONValue)] = []
        if let description { schema.append(("description", .string(description))) }
        schema.append(("type", .string("object")))
        if !required.isEmpty { schema.append(("required", .array(required.map(JSONValue.string)))) }
        schema.append(("additionalProperties", .bool(false)))
        schema.append(("properties", .object(properties)))
        return .object(schema)
    }

    /// A model's `online:`: `true`, or how it learns from each rating of an event stream.
    static let online = JSONValue.object([
        (
            "anyOf",
            .array([
                .object([("const", .bool(true))]),
                closedObject(
                    OnlineSpec.keys.map { key, positive in
                        (
                            key,
                            .object([
                                ("type", .string("number")), (positive ? "exclusiveMinimum" : "minimum", .int(0)),
                            ])
                        )
                    },
                    description: "with split: {method: prequential, granularity: event}: how the model learns from each rating"
                ),
            ])
        )
    ])

    /// A model's `incremental:`: `true`, or how each step learns from its partition.
    static let incremental = JSONValue.object([
        (
            "anyOf",
            .array([
                .object([("const", .bool(true))]),
                closedObject(
                    [
                        ("epochs", .object([("type", .string("integer")), ("minimum", .int(0))])),
                        (
                            "replay",
                            .object([
                                (
                                    "anyOf",
                                    .array([
                                        .object([("type", .string("integer")), ("minimum", .int(0))]),
                                        .object([
                                            ("type", .string("string")),
                                            ("pattern", .string("^(100(\\.0+)?|[0-9]{1,2}(\\.[0-9]+)?)%$")),
                                        ]),
                                    ])
                                ),
                                (
                                    "description",
                                    .string("earlier rows replayed in each update: a count, or a share of every row seen (50%)")
                                ),
                            ])
                        ),
                        ("lr", .object([("type", .string("number")), ("exclusiveMinimum", .int(0))])),
                    ],
                    description: "with a prequential split: update the previous step's model with each new partition"),
            ])
        )
    ])

    static func kinded(_ kinds: [KindDescriptor], key: String, category: String, extra: [(String, JSONValue)] = []) -> JSONValue {
        let branches = kinds.map { kind -> JSONValue in
            let parameters = kind.parameters.map { parameter in
                (
                    parameter.name,
                    typed(
                        parameter.type, description: parameter.summary, defaultValue: parameter.defaultValue,
                        bounds: parameter.bounds)
                )
            }
            return .object([
                ("if", .object([("properties", .object([(key, .object([("const", .string(kind.name))]))]))])),
                (
                    "then",
                    .object([
                        ("description", .string(kind.summary)),
                        ("additionalProperties", .bool(false)),
                        ("properties", .object([(key, .object([]))] + extra.map { ($0.0, JSONValue.object([])) } + parameters)),
                        ("required", .array(kind.parameters.filter(\.isRequired).map { .string($0.name) })),
                    ])
                ),
            ])
        }
        // With no kind in the category, the enum is empty and nothing validates.
        let description = kinds.isEmpty ? "\(category); none runs in this version" : category
        var schema: [(String, JSONValue)] = [
            ("type", .string("object")),
            ("required", .array([.string(key)])),
            (
                "properties",
                .object(
                    [(key, .object([("description", .string(description)), ("enum", .array(kinds.map { .string($0.name) }))]))]
                        + extra)
            ),
        ]
        if !branches.isEmpty { schema.append(("allOf", .array(branches))) }
        return .object(schema)
    }
}
