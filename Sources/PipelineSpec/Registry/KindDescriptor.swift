/// What a kind needs from the rest of the pipeline, checked before anything runs.
public struct KindRequirements: OptionSet, Hashable, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// A time column in the training source (temporal splits, recent samples).
    public static let timeColumn = KindRequirements(rawValue: 1 << 0)
    /// A group column in the training source (the `given` split).
    public static let groupColumn = KindRequirements(rawValue: 1 << 1)
    /// A validation part carved by `split.validation` (combiners that learn).
    public static let validationPart = KindRequirements(rawValue: 1 << 2)
    /// A `meta:` section naming a meta-model (stacking).
    public static let metaModel = KindRequirements(rawValue: 1 << 3)
    /// A search space that can be enumerated: `choice` and `int` dimensions only (grid search).
    public static let finiteSpace = KindRequirements(rawValue: 1 << 4)
    /// A training source of several files (`partitions:` or a glob `path`): the prequential split.
    public static let partitions = KindRequirements(rawValue: 1 << 5)
}

/// A kind of model, combiner, split, sampling or search method, with its
/// parameters: what the validator, `mass schema` and `mass kinds` read. The
/// kind tables pair each descriptor with the builder of what runs.
public struct KindDescriptor: Hashable, Sendable {
    public var name: String
    public var summary: String
    public var parameters: [ParameterDescriptor]
    public var requirements: KindRequirements
    /// Exactly one of these parameters must be written (a sample's `fraction` or `size`).
    public var exactlyOneOf: [String]
    /// At most one of these parameters may be written (stacking's `cv` or `holdout`).
    public var atMostOneOf: [String]
    /// Keys besides the parameters that the section's own decoder reads (`members`, `meta`, `weights`).
    public var sections: [String]
    /// Requirements that hold only when a parameter or section is written (a window needs times).
    public var requirementsWhenWritten: [String: KindRequirements]
    /// Requirements that a written parameter or section lifts (stacking with `cv` needs no validation part).
    public var requirementsUnlessWritten: [String: KindRequirements]

    public init(
        _ name: String, _ summary: String, parameters: [any DeclaredParameter] = [], requires requirements: KindRequirements = [],
        exactlyOneOf: [String] = [], atMostOneOf: [String] = [], sections: [String] = [],
        requirementsWhenWritten: [String: KindRequirements] = [:], requirementsUnlessWritten: [String: KindRequirements] = [:]
    ) {
        self.name = name
        self.summary = summary
        self.parameters = parameters.map(\.descriptor)
        self.requirements = requirements
        self.exactlyOneOf = exactlyOneOf
        self.atMostOneOf = atMostOneOf
        self.sections = sections
        self.requirementsWhenWritten = requirementsWhenWritten
        self.requirementsUnlessWritten = requirementsUnlessWritten
    }

    /// What the kind requires, given the keys a file wrote for it.
    public func requirements(written keys: Set<String>) -> KindRequirements {
        var result = requirements
        for (key, extra) in requirementsWhenWritten where keys.contains(key) { result.formUnion(extra) }
        for (key, lifted) in requirementsUnlessWritten where keys.contains(key) { result.subtract(lifted) }
        return result
    }

    public func parameter(named name: String) -> ParameterDescriptor? {
        parameters.first { $0.name == name }
    }

    public var parameterNames: [String] { parameters.map(\.name) }
}

/// Every kind a build of mass runs, by category: the descriptors of the kind
/// tables, handed to the validator.
public struct KindRegistry: Sendable {
    public var models: [KindDescriptor]
    public var combiners: [KindDescriptor]
    /// Meta-learners for combine methods that require one.
    public var metaModels: [KindDescriptor]
    public var splits: [KindDescriptor]
    public var samplers: [KindDescriptor]
    public var searches: [KindDescriptor]

    public init(
        models: [KindDescriptor], combiners: [KindDescriptor], metaModels: [KindDescriptor], splits: [KindDescriptor],
        samplers: [KindDescriptor], searches: [KindDescriptor]
    ) {
        self.models = models
        self.combiners = combiners
        self.metaModels = metaModels
        self.splits = splits
        self.samplers = samplers
        self.searches = searches
    }

    public func model(_ name: String) -> KindDescriptor? { models.first { $0.name == name } }
    public func combiner(_ name: String) -> KindDescriptor? { combiners.first { $0.name == name } }
    public func metaModel(_ name: String) -> KindDescriptor? { metaModels.first { $0.name == name } }
    public func split(_ name: String) -> KindDescriptor? { splits.first { $0.name == name } }
    public func sampler(_ name: String) -> KindDescriptor? { samplers.first { $0.name == name } }
    public func search(_ name: String) -> KindDescriptor? { searches.first { $0.name == name } }
}
