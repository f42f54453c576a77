/// A kind of model, combiner, split, sampling or search method, with its
/// parameters. Adding a kind is adding one descriptor to the registry.
public struct KindDescriptor: Hashable, Sendable {
    public var name: String
    public var summary: String
    public var parameters: [ParameterDescriptor]

    public init(_ name: String, _ summary: String, parameters: [ParameterDescriptor] = []) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
    }

    public func parameter(named name: String) -> ParameterDescriptor? {
        parameters.first { $0.name == name }
    }

    public var parameterNames: [String] { parameters.map(\.name) }
}

/// Every kind `mass` knows, by category.
public struct KindRegistry: Sendable {
    public var models: [KindDescriptor]
    public var combiners: [KindDescriptor]
    /// Meta-learners for `combine.method: stacking`.
    public var metaModels: [KindDescriptor]
    public var splits: [KindDescriptor]
    public var samplers: [KindDescriptor]
    public var searches: [KindDescriptor]

    public static let standard = KindRegistry(
        models: ModelKinds.all,
        combiners: CombineMethods.all,
        metaModels: MetaModelKinds.all,
        splits: SplitMethods.all,
        samplers: SampleMethods.all,
        searches: SearchMethods.all
    )

    public func model(_ name: String) -> KindDescriptor? { models.first { $0.name == name } }
    public func combiner(_ name: String) -> KindDescriptor? { combiners.first { $0.name == name } }
    public func metaModel(_ name: String) -> KindDescriptor? { metaModels.first { $0.name == name } }
    public func split(_ name: String) -> KindDescriptor? { splits.first { $0.name == name } }
    public func sampler(_ name: String) -> KindDescriptor? { samplers.first { $0.name == name } }
    public func search(_ name: String) -> KindDescriptor? { searches.first { $0.name == name } }
}
