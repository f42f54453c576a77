import PipelineBasics

/// A pipeline file, parsed and checked: the typed form every later phase reads.
public struct PipelineSpec: Hashable, Sendable {
    /// The language version this build of mass reads.
    public static let languageVersion = 1

    public var version: Located<Int>
    public var name: Located<String>?
    public var seed: Located<Int>
    public var params: [ParamDeclaration]
    public var data: [DataSourceSpec]
    public var stages: [StageSpec]
    public var split: KindConfiguration?
    public var sample: KindConfiguration?
    public var models: [ModelSpec]
    public var combine: CombineSpec?
    public var search: SearchSpec?
    public var evaluate: EvaluateSpec?
    public var report: ReportSpec?

    public init(
        version: Located<Int>, name: Located<String>? = nil, seed: Located<Int>, params: [ParamDeclaration] = [],
        data: [DataSourceSpec] = [], stages: [StageSpec] = [], split: KindConfiguration? = nil, sample: KindConfiguration? = nil,
        models: [ModelSpec] = [], combine: CombineSpec? = nil, search: SearchSpec? = nil, evaluate: EvaluateSpec? = nil,
        report: ReportSpec? = nil
    ) {
        self.version = version
        self.name = name
        self.seed = seed
        self.params = params
        self.data = data
        self.stages = stages
        self.split = split
        self.sample = sample
        self.models = models
        self.combine = combine
        self.search = search
        self.evaluate = evaluate
        self.report = report
    }

    public func model(named name: String) -> ModelSpec? { models.first { $0.name.value == name } }
    public func stage(named name: String) -> StageSpec? { stages.first { $0.name.value == name } }

    /// Models train on the data source with this name, or on the only one.
    public static let trainingSourceName = "ratings"

    /// The source the models train on; `nil` when several sources leave it ambiguous.
    public var trainingSource: DataSourceSpec? {
        let ratings = data.filter { $0.origin.attributes == nil }
        return ratings.first { $0.name.value == Self.trainingSourceName } ?? (ratings.count == 1 ? ratings.first : nil)
    }

    /// The attribute table of `users` or `items`, when `data:` declares one.
    public func attributeSource(_ entity: AttributeSourceSpec.Entity) -> DataSourceSpec? {
        data.first { $0.origin.attributes?.entity == entity }
    }
}

/// `params: {factors: 64}`: a named value, after overrides.
public struct ParamDeclaration: Hashable, Sendable {
    public var name: Located<String>
    public var value: Located<ParameterValue>

    public init(name: Located<String>, value: Located<ParameterValue>) {
        self.name = name
        self.value = value
    }
}

/// One sub-model: a name, a registered kind and that kind's parameters.
public struct ModelSpec: Hashable, Sendable {
    public var name: Located<String>
    public var configuration: KindConfiguration
    /// `incremental:`: with a prequential split, each step updates the previous step's
    /// trained model with the new partition instead of fitting anew.
    public var incremental: Located<IncrementalSpec>?
    /// `online:`: with a prequential split by event, how the model learns from each rating.
    public var online: Located<OnlineSpec>?

    public init(
        name: Located<String>, configuration: KindConfiguration, incremental: Located<IncrementalSpec>? = nil,
        online: Located<OnlineSpec>? = nil
    ) {
        self.name = name
        self.configuration = configuration
        self.incremental = incremental
        self.online = online
    }

    public var kind: Located<String> { configuration.kind }
    public var parameters: ParameterSet { configuration.parameters }

    /// The name of the parameter that lists a model's side features
    /// (`users.age`, `items.genres`, `context.weekday`).
    public static let featuresParameter = "features"

    /// The side features the model reads, as written (empty for kinds without them).
    public var sideFeatures: [SideFeatureReference] {
        guard parameters.descriptor.parameter(named: Self.featuresParameter)?.type == .stringList,
            case .list(let values)? = parameters.written[Self.featuresParameter]?.value
        else { return [] }
        let position = parameters.written[Self.featuresParameter]?.position ?? kind.position
        return values.compactMap(\.stringValue).map { SideFeatureReference(text: Located($0, at: position)) }
    }

    /// The attribute tables the model reads, in the order `users`, `items`.
    public var attributeEntities: [AttributeSourceSpec.Entity] {
        let read = Set(sideFeatures.compactMap(\.entity))
        return AttributeSourceSpec.Entity.allCases.filter(read.contains)
    }
}

/// One entry of a model's `features:`: `users.NAME` or `items.NAME` (an
/// attribute of a table in `data:`), or `context.NAME` (derived from each
/// rating's time).
public struct SideFeatureReference: Hashable, Sendable {
    /// What the ratings' time gives: the hour of the day, the day of the week, the month (UTC).
    public enum Context: String, Hashable, Sendable, CaseIterable {
        case hour, weekday, month
    }

    public var text: Located<String>

    public init(text: Located<String>) { self.text = text }

    private var parts: (prefix: Substring, name: Substring)? {
        let split = text.value.split(separator: ".", maxSplits: 1)
        return split.count == 2 ? (split[0], split[1]) : nil
    }

    /// The table the feature comes from, for `users.` and `items.`.
    public var entity: AttributeSourceSpec.Entity? { parts.flatMap { AttributeSourceSpec.Entity(rawValue: String($0.prefix)) } }
    /// The attribute's name within its table, or the context's name.
    public var name: String? { parts.map { String($0.name) } }
    /// The context feature, for `context.`.
    public var context: Context? {
        guard let parts, parts.prefix == "context" else { return nil }
        return Context(rawValue: String(parts.name))
    }
}

/// How a model learns from each new partition: passes over the new rows mixed
/// with a replay sample of earlier rows, kept in the model.
public struct IncrementalSpec: Hashable, Sendable {
    public var epochs: Int
    /// Earlier rows kept in the model and mixed into each update.
    public var replay: ReplaySize
    /// The updates' learning rate; the model's own when absent.
    public var learningRate: Double?

    public init(epochs: Int = 5, replay: ReplaySize = .rows(10_000), learningRate: Double? = nil) {
        self.epochs = epochs
        self.replay = replay
        self.learningRate = learningRate
    }
}

/// `replay:` of `incremental:`: a reservoir of at most so many rows
/// (`replay: 10000`), or a share of every row seen (`replay: 50%`).
public enum ReplaySize: Hashable, Sendable, CustomStringConvertible {
    case rows(Int)
    /// A fraction in (0, 1].
    case share(Double)

    /// As written: `10000`, `50%`.
    public var description: String {
        switch self {
        case .rows(let rows): String(rows)
        case .share(let share): "\(formatted(share * 100))%"
        }
    }

    private func formatted(_ percent: Double) -> String {
        percent == percent.rounded() && abs(percent) < 1e15 ? String(Int(percent)) : "\(percent)"
    }
}

extension PipelineSpec {
    /// Whether the split is a prequential evaluation by event: each rating
    /// predicted by the models as they stand, then learned from.
    public var isEventStream: Bool {
        guard let split, split.kind.value == "prequential" else { return false }
        if case .string("event")? = split.parameters["granularity"] { return true }
        return false
    }
}

/// How a model learns from each rating of an event stream; the kind's
/// defaults for what is absent.
public struct OnlineSpec: Hashable, Sendable {
    /// Step size of factor updates (`lr`).
    public var learningRate: Double?
    /// L2 penalty of factor updates (`reg`).
    public var reg: Double?
    /// Step size of bias updates (`bias_lr`).
    public var biasLearningRate: Double?
    /// L2 penalty of bias updates (`bias_reg`).
    public var biasReg: Double?
    /// Standard deviation of new users' and items' factors (`init_std`).
    public var initStd: Double?

    public init(
        learningRate: Double? = nil, reg: Double? = nil, biasLearningRate: Double? = nil, biasReg: Double? = nil,
        initStd: Double? = nil
    ) {
        self.learningRate = learningRate
        self.reg = reg
        self.biasLearningRate = biasLearningRate
        self.biasReg = biasReg
        self.initStd = initStd
    }

    /// The keys of `online:`, with what each must be.
    public static let keys: [(key: String, positive: Bool)] = [
        ("lr", true), ("reg", false), ("bias_lr", true), ("bias_reg", false), ("init_std", false),
    ]
}

/// `combine:`: the method, which models it combines, fixed weights, and for
/// stacking the meta-model.
public struct CombineSpec: Hashable, Sendable {
    public var configuration: KindConfiguration
    /// The sub-models combined (`members: [svd, knn]`); empty means all of them.
    public var members: [Located<String>]
    /// Weights written in the file (`weights: {svd: 0.6}`); empty when they are learned.
    public var weights: [MemberWeight]
    public var meta: KindConfiguration?

    public init(
        configuration: KindConfiguration, members: [Located<String>] = [], weights: [MemberWeight] = [],
        meta: KindConfiguration? = nil
    ) {
        self.configuration = configuration
        self.members = members
        self.weights = weights
        self.meta = meta
    }

    public var method: Located<String> { configuration.kind }

    /// The keys written for the method: its parameters and sections.
    public var writtenKeys: Set<String> {
        var keys = Set(configuration.parameters.written.keys)
        if !members.isEmpty { keys.insert("members") }
        if !weights.isEmpty { keys.insert("weights") }
        return keys
    }
}

/// One entry of `weights:`.
public struct MemberWeight: Hashable, Sendable {
    public var name: Located<String>
    public var weight: Located<Double>

    public init(name: Located<String>, weight: Located<Double>) {
        self.name = name
        self.weight = weight
    }
}

/// `stages:`: a shell command step in the DVC manner.
///
/// The fields live in one shared box, copied on write: the checks, lowering
/// and the input-file check each walk every stage of a pipeline of thousands,
/// and a copy of a stage is then one reference, not a dozen.
public struct StageSpec: Hashable, Sendable {
    public var name: Located<String> {
        get { storage.fields.name }
        set { uniqueStorage().fields.name = newValue }
    }
    public var run: Located<String> {
        get { storage.fields.run }
        set { uniqueStorage().fields.run = newValue }
    }
    public var deps: [Located<String>] {
        get { storage.fields.deps }
        set { uniqueStorage().fields.deps = newValue }
    }
    public var outs: [Located<String>] {
        get { storage.fields.outs }
        set { uniqueStorage().fields.outs = newValue }
    }
    /// Names of `params` whose values enter the stage's cache key.
    public var params: [Located<String>] {
        get { storage.fields.params }
        set { uniqueStorage().fields.params = newValue }
    }
    public var env: [EnvironmentEntry] {
        get { storage.fields.env }
        set { uniqueStorage().fields.env = newValue }
    }
    /// Runs again after a failure (a transient one: a network, a busy service), this many times at most.
    public var retries: Located<Int>? {
        get { storage.fields.retries }
        set { uniqueStorage().fields.retries = newValue }
    }
    /// Seconds before the first retry; each further retry waits twice as long.
    public var retryDelay: Located<Double>? {
        get { storage.fields.retryDelay }
        set { uniqueStorage().fields.retryDelay = newValue }
    }
    /// Bytes the command holds at its peak, as its author declares them: a run holds it back
    /// until they fit beside the nodes running (`--memory`), and refuses it when they never can.
    public var memory: Located<Int>? {
        get { storage.fields.memory }
        set { uniqueStorage().fields.memory = newValue }
    }

    private var storage: Storage

    public init(
        name: Located<String>, run: Located<String>, deps: [Located<String>] = [], outs: [Located<String>] = [],
        params: [Located<String>] = [], env: [EnvironmentEntry] = [], retries: Located<Int>? = nil,
        retryDelay: Located<Double>? = nil, memory: Located<Int>? = nil
    ) {
        storage = Storage(
            fields: Fields(
                name: name, run: run, deps: deps, outs: outs, params: params, env: env, retries: retries,
                retryDelay: retryDelay, memory: memory))
    }

    public static func == (lhs: StageSpec, rhs: StageSpec) -> Bool {
        lhs.storage.fields == rhs.storage.fields
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(storage.fields) }

    private mutating func uniqueStorage() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(fields: storage.fields) }
        return storage
    }

    /// The stage's values, compared and hashed as the struct's own fields would be.
    private struct Fields: Hashable, Sendable {
        var name: Located<String>
        var run: Located<String>
        var deps: [Located<String>]
        var outs: [Located<String>]
        var params: [Located<String>]
        var env: [EnvironmentEntry]
        var retries: Located<Int>?
        var retryDelay: Located<Double>?
        var memory: Located<Int>?
    }

    /// Changed only through `uniqueStorage()`, when no other stage shares it.
    private final class Storage: @unchecked Sendable {
        var fields: Fields

        init(fields: Fields) { self.fields = fields }
    }
}

public struct EnvironmentEntry: Hashable, Sendable {
    public var name: Located<String>
    public var value: Located<String>

    public init(name: Located<String>, value: Located<String>) {
        self.name = name
        self.value = value
    }
}

/// `report:`: where the results are written.
public struct ReportSpec: Hashable, Sendable {
    public var json: Located<String>?
    public var markdown: Located<String>?
    public var html: Located<String>?

    public init(json: Located<String>? = nil, markdown: Located<String>? = nil, html: Located<String>? = nil) {
        self.json = json
        self.markdown = markdown
        self.html = html
    }
}
