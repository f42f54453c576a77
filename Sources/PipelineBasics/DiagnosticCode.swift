/// A stable, machine-readable name for a kind of diagnostic (`unknown-key`),
/// carried by `--json` output. Every code is declared here once, so two
/// spellings of one problem cannot drift apart.
public struct DiagnosticCode: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    private init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    /// A model's `features:` names an attribute or context that the data does not declare.
    public static let unknownFeature = DiagnosticCode("unknown-feature")
    /// Several data sources and none named for training.
    public static let ambiguousData = DiagnosticCode("ambiguous-data")
    /// A cache entry failed its checksum or was truncated; it is recomputed.
    public static let cacheEntryDamaged = DiagnosticCode("cache-entry-damaged")
    /// Two keys that exclude each other are both written.
    public static let conflictingKeys = DiagnosticCode("conflicting-keys")
    /// Stages depend on each other in a cycle.
    public static let cycle = DiagnosticCode("cycle")
    /// Two gates on one metric.
    public static let duplicateGate = DiagnosticCode("duplicate-gate")
    /// A metric listed twice.
    public static let duplicateMetric = DiagnosticCode("duplicate-metric")
    /// A model listed twice.
    public static let duplicateModel = DiagnosticCode("duplicate-model")
    /// A key written twice in one mapping.
    public static let duplicateKey = DiagnosticCode("duplicate-key")
    /// Two stages write the same file.
    public static let duplicateOutput = DiagnosticCode("duplicate-output")
    /// A stage output that is a folder; outputs are files.
    public static let directoryOutput = DiagnosticCode("directory-output")
    /// A param declared twice.
    public static let duplicateParam = DiagnosticCode("duplicate-param")
    /// `${env.NAME}` spliced into a shell command (`run:`).
    public static let envInShellCommand = DiagnosticCode("env-in-shell-command")
    /// A search range whose ends are out of order or outside the parameter's bounds.
    public static let invalidBounds = DiagnosticCode("invalid-bounds")
    /// A search expression that does not parse.
    public static let invalidExpression = DiagnosticCode("invalid-expression")
    /// A malformed ${...} reference.
    public static let invalidInterpolation = DiagnosticCode("invalid-interpolation")
    /// A name with characters that are not allowed.
    public static let invalidName = DiagnosticCode("invalid-name")
    /// A -p or --params override that cannot be read.
    public static let invalidOverride = DiagnosticCode("invalid-override")
    /// A search space dimension that cannot be drawn from.
    public static let invalidSpace = DiagnosticCode("invalid-space")
    /// A value outside the allowed words or shapes.
    public static let invalidValue = DiagnosticCode("invalid-value")
    /// A kind needs a column the training source lacks.
    public static let missingColumn = DiagnosticCode("missing-column")
    /// Models without a data source.
    public static let missingData = DiagnosticCode("missing-data")
    /// A data file or dependency that does not exist.
    public static let missingFile = DiagnosticCode("missing-file")
    /// A required key is absent.
    public static let missingKey = DiagnosticCode("missing-key")
    /// A combiner that learns, without a validation part.
    public static let needsValidation = DiagnosticCode("needs-validation")
    /// A search path names a parameter that search may not vary.
    public static let notTunable = DiagnosticCode("not-tunable")
    /// Combine without models.
    public static let nothingToCombine = DiagnosticCode("nothing-to-combine")
    /// Evaluate without models.
    public static let nothingToEvaluate = DiagnosticCode("nothing-to-evaluate")
    /// Search without models.
    public static let nothingToSearch = DiagnosticCode("nothing-to-search")
    /// A search goal against the metric's direction.
    public static let objectiveDirection = DiagnosticCode("objective-direction")
    /// A number outside its parameter's bounds.
    public static let outOfBounds = DiagnosticCode("out-of-bounds")
    /// A stage output outside the project (the git work tree that holds the pipeline, or its folder).
    public static let outputOutsideProject = DiagnosticCode("output-outside-project")
    /// ${NAME} in a command where NAME is also a param.
    public static let shellVariableNamesParam = DiagnosticCode("shell-variable-names-param")
    /// ${env.NAME} for a variable that is not set.
    public static let undefinedEnv = DiagnosticCode("undefined-env")
    /// A reference to, or override of, a param that is not declared.
    public static let undefinedParam = DiagnosticCode("undefined-param")
    /// A key the section does not take.
    public static let unknownKey = DiagnosticCode("unknown-key")
    /// A kind or method name that no table holds.
    public static let unknownKind = DiagnosticCode("unknown-kind")
    /// A metric that is not computed or does not exist.
    public static let unknownMetric = DiagnosticCode("unknown-metric")
    /// A model name that models: does not define.
    public static let unknownModel = DiagnosticCode("unknown-model")
    /// A search path names a parameter the kind does not have.
    public static let unknownParameter = DiagnosticCode("unknown-parameter")
    /// A search path that names no section.
    public static let unknownPath = DiagnosticCode("unknown-path")
    /// The pipeline file cannot be read.
    public static let unreadableFile = DiagnosticCode("unreadable-file")
    /// A language version this build does not read.
    public static let unsupportedVersion = DiagnosticCode("unsupported-version")
    /// A stage output that is the project folder, a folder holding the pipeline, the pipeline, its lock file, or inside `.git` or the cache.
    public static let unsafeOutput = DiagnosticCode("unsafe-output")
    /// A declared param nothing uses.
    public static let unusedParam = DiagnosticCode("unused-param")
    /// A value of the wrong type.
    public static let wrongType = DiagnosticCode("wrong-type")
    /// The file is not valid YAML.
    public static let yamlSyntax = DiagnosticCode("yaml-syntax")

    /// Every code, for documentation and tests.
    public static let all: [DiagnosticCode] = [
        ambiguousData, cacheEntryDamaged, conflictingKeys, cycle, directoryOutput,
        duplicateGate, duplicateMetric, duplicateKey, duplicateModel, duplicateOutput,
        duplicateParam, envInShellCommand, invalidBounds, invalidExpression, invalidInterpolation,
        invalidName, invalidOverride, invalidSpace, invalidValue,
        missingColumn, missingData, missingFile, missingKey,
        needsValidation, notTunable, nothingToCombine, nothingToEvaluate,
        nothingToSearch, objectiveDirection, outOfBounds, outputOutsideProject, shellVariableNamesParam,
        undefinedEnv, undefinedParam, unknownKey, unknownKind,
        unknownFeature, unknownMetric, unknownModel, unknownParameter, unknownPath,
        unreadableFile, unsafeOutput, unsupportedVersion, unusedParam, wrongType,
        yamlSyntax,
    ]
}
