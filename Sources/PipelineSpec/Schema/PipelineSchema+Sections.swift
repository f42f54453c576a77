extension PipelineSchema {
    static let stringList = JSONValue.object([("type", .string("array")), ("items", .object([("type", .string("string"))]))])
    static let string = JSONValue.object([("type", .string("string"))])
    static let numberValue = typed(.double)

    static let params = JSONValue.object([
        ("description", .string("named values, referenced as ${params.NAME}; overridden by -p NAME=VALUE")),
        ("type", .string("object")),
        ("propertyNames", .object([("$ref", .string("#/$defs/name"))])),
        (
            "additionalProperties",
            .object([("type", .array([.string("string"), .string("number"), .string("boolean"), .string("array")]))])
        ),
    ])

    static let stage = closedObject(
        [
            ("run", .object([("description", .string("shell command, run with /bin/sh -c")), ("type", .string("string"))])),
            ("deps", stringList),
            ("outs", stringList),
            ("params", stringList),
            ("env", .object([("type", .string("object")), ("additionalProperties", string)])),
            ("retries", typed(.int, description: "runs again after a failure, this many times at most", bounds: .nonNegative)),
            (
                "retry_delay",
                typed(.duration, description: "wait before the first retry (default 1s); doubles for each further one")
            ),
        ], required: ["run"], description: "a command step: its outputs are cached by the hash of its command, inputs and params")

    static let column = JSONValue.object([
        (
            "anyOf",
            .array([
                .object([("type", .string("string"))]), .object([("type", .string("integer")), ("minimum", .int(0))]),
            ])
        )
    ])

    /// Settings a file source has, whether it names one file or its partitions.
    static let fileSettings: [(String, JSONValue)] = [
        ("format", typed(.choice(FileFormat.allCases.map(\.rawValue)), defaultValue: .string("auto"))),
        ("delimiter", .object([("type", .string("string")), ("minLength", .int(1))])),
        ("header", typed(.bool, defaultValue: .bool(true))),
        ("columns", closedObject(ColumnRoles.roleNames.map { ($0, column) }, required: ["user", "item", "rating"])),
        ("scale", typed(.numberPair)),
        ("on_bad_rows", typed(.choice(BadRowPolicy.allCases.map(\.rawValue)), defaultValue: .string("error"))),
        ("duplicates", typed(.choice(DuplicatePolicy.allCases.map(\.rawValue)), defaultValue: .string("error"))),
        (
            "sample",
            closedObject(
                [
                    ("method", .object([("enum", .array(LoadSample.methods.map(JSONValue.string)))])),
                    ("fraction", .object([("type", .string("number")), ("exclusiveMinimum", .int(0)), ("maximum", .int(1))])),
                    ("size", .object([("type", .string("integer")), ("minimum", .int(1))])),
                    ("by", .object([("enum", .array([.string("user"), .string("item")]))])),
                ], required: ["method"],
                description: "a sample kept while the file is read, in one pass: the file may be larger than memory")
        ),
    ]

    static let dataSource = JSONValue.object([
        (
            "oneOf",
            .array([
                closedObject(
                    [
                        (
                            "path",
                            .object([
                                (
                                    "description",
                                    .string(
                                        "delimited file, relative to the pipeline file; a glob (data/*.csv) reads its files in name order as partitions"
                                    )
                                ),
                                ("type", .string("string")),
                            ])
                        )
                    ] + fileSettings, required: ["path"]),
                closedObject(
                    [
                        (
                            "partitions",
                            .object([
                                ("description", .string("files read in this order, each a partition with its own content hash")),
                                ("type", .string("array")), ("items", .object([("type", .string("string"))])),
                                ("minItems", .int(1)),
                            ])
                        )
                    ] + fileSettings, required: ["partitions"]),
                closedObject(
                    [
                        (
                            "synthetic",
                            closedObject(
                                [
                                    ("users", typed(.int, minimum: 1)),
                                    ("items", typed(.int, minimum: 1)),
                                    ("ratings", typed(.int, minimum: 1)),
                                    ("factors", typed(.int, defaultValue: .int(8), minimum: 1)),
                                    ("noise", typed(.double, defaultValue: .double(0.5), minimum: 0)),
                                    ("skew", typed(.double, defaultValue: .double(1), minimum: 0)),
                                    ("scale", typed(.numberPair)),
                                    ("seed", typed(.int)),
                                ], required: ["users", "items", "ratings"],
                                description: "ratings generated from a seeded latent-factor model")
                        )
                    ], required: ["synthetic"]),
                attributeTable,
            ])
        )
    ])

    /// `users:` or `items:` with attributes, for models over side features.
    static let attributeTable = closedObject(
        [
            (
                "path",
                .object([("description", .string("delimited file, relative to the pipeline file")), ("type", .string("string"))])
            ),
            ("format", typed(.choice(FileFormat.allCases.map(\.rawValue)), defaultValue: .string("auto"))),
            ("delimiter", .object([("type", .string("string")), ("minLength", .int(1))])),
            ("header", typed(.bool, defaultValue: .bool(true))),
            ("id", column),
            (
                "attributes",
                .object([
                    ("type", .string("object")), ("minProperties", .int(1)),
                    ("propertyNames", .object([("$ref", .string("#/$defs/name"))])),
                    (
                        "additionalProperties",
                        .object([
                            (
                                "anyOf",
                                .array([
                                    column,
                                    closedObject(
                                        [
                                            ("column", column),
                                            (
                                                "type",
                                                typed(
                                                    .choice(AttributeSpec.Encoding.allCases.map(\.rawValue)),
                                                    defaultValue: .string("categorical"))
                                            ),
                                            ("separator", .object([("type", .string("string")), ("minLength", .int(1))])),
                                        ], required: ["column"]),
                                ])
                            )
                        ])
                    ),
                ])
            ),
        ], required: ["path", "id", "attributes"],
        description: "attributes of users or items (a source named 'users' or 'items'), keyed by the ratings' ids")

    static func combine(_ registry: KindRegistry) -> JSONValue {
        kinded(
            registry.combiners, key: "method", category: "combine method",
            extra: [
                ("models", stringList),
                ("meta", kinded(registry.metaModels, key: "kind", category: "meta-model kind")),
            ])
    }

    static func search(_ registry: KindRegistry) -> JSONValue {
        let objective = JSONValue.object([
            (
                "anyOf",
                .array([
                    .object([("$ref", .string("#/$defs/metric"))]),
                    closedObject(
                        [
                            ("metric", .object([("$ref", .string("#/$defs/metric"))])),
                            ("goal", .object([("enum", .array(Objective.Goal.allCases.map { .string($0.rawValue) }))])),
                        ], required: ["metric"]),
                ])
            )
        ])
        let space = JSONValue.object([
            (
                "description",
                .string(
                    "tunable parameter paths (models.NAME.PARAM, combine.PARAM, combine.meta.PARAM, sample.PARAM) to distributions"
                )
            ),
            ("type", .string("object")),
            ("minProperties", .int(1)),
            (
                "additionalProperties",
                .object([
                    (
                        "anyOf",
                        .array([
                            .object([("$ref", .string("#/$defs/searchExpression"))]),
                            .object([("type", .string("array")), ("minItems", .int(1))]),
                        ])
                    )
                ])
            ),
        ])
        return kinded(
            registry.searches, key: "method", category: "search method", extra: [("objective", objective), ("space", space)])
    }

    static let metric = JSONValue.object([
        ("description", .string(MetricName.catalog.map(\.name).joined(separator: ", "))),
        ("type", .string("string")),
        ("pattern", .string("^(rmse|mae|mse|huber|mrr|(precision|recall|ndcg|map|hit|coverage)@[1-9][0-9]*)$")),
    ])

    static let evaluate = closedObject(
        [
            (
                "metrics",
                .object([
                    ("type", .string("array")), ("minItems", .int(1)), ("items", .object([("$ref", .string("#/$defs/metric"))])),
                ])
            ),
            ("relevance", typed(.double, description: "ratings at or above it are relevant for ranking metrics")),
            ("huber_delta", typed(.double, bounds: .positive)),
            (
                "candidates",
                typed(
                    .choice(RankingCandidates.allCases.map(\.rawValue)),
                    description: "what ranking metrics rank: the user's test items, or all items not rated in training",
                    defaultValue: .string("test"))
            ),
            (
                "gates",
                .object([
                    ("description", .string("bounds on the final model's mean metrics; a broken gate makes mass exit 1")),
                    ("type", .string("object")),
                    ("propertyNames", .object([("$ref", .string("#/$defs/metric"))])),
                    (
                        "additionalProperties",
                        closedObject([
                            ("min", numberValue), ("max", numberValue),
                            (
                                "max_regression",
                                .object([
                                    ("description", .string("how much worse than at 'baseline' the metric may get: 0.002 or 1%")),
                                    (
                                        "anyOf",
                                        .array([
                                            .object([("type", .string("number")), ("minimum", .int(0))]),
                                            .object([
                                                ("type", .string("string")),
                                                ("pattern", .string("^\\s*[0-9]+(\\.[0-9]+)?\\s*%\\s*$")),
                                            ]),
                                        ])
                                    ),
                                ])
                            ),
                            (
                                "baseline",
                                .object([
                                    ("description", .string("the git revision whose lock file is the baseline (default main)")),
                                    ("type", .string("string")),
                                ])
                            ),
                            ("significance", typed(.double, bounds: .fraction)),
                        ])
                    ),
                ])
            ),
        ], required: ["metrics"])

    static let report = closedObject([("json", string), ("markdown", string), ("html", string)])
}
