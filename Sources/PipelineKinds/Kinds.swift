import MLCore
import MLModels
import PipelineSpec

/// Every kind this build of mass runs, one table per category. The validator,
/// `mass schema`, `mass kinds` and the stages that run a pipeline all read
/// these tables, so what validates is what runs.
public enum Kinds {
    public static let models = KindTable<ModelContext, any RatingModel>([
        GlobalMeanKind.entry, BaselineKind.entry, MatrixFactorizationKind.entry, SVDPlusPlusKind.entry,
        AlternatingLeastSquaresKind.entry, NearestNeighboursKind.entry, SlopeOneKind.entry, PopularityKind.entry,
        AutoRecKind.entry, EASEKind.entry, ImplicitALSKind.entry, BayesianPersonalizedRankingKind.entry,
        FactorizationMachineKind.entry, TimeSVDPlusPlusKind.entry,
        CommandModelKind.entry,
    ])
    public static let combiners = KindTable<CombineContext, CombineMethod>(CombineKinds.all)
    public static let metaModels = KindTable<Void, MetaLearner>(MetaModelKinds.all)
    public static let splits = KindTable<Void, SplitPlan>(SplitKinds.all)
    public static let samplers = KindTable<Void, SamplingMethod>(SampleKinds.all)
    public static let searches = KindTable<SearchContext, SearchPlan>(SearchKinds.all)

    /// The split used when a pipeline has no `split:` section.
    public static let defaultSplit = SplitKinds.holdout

    /// The tables' descriptors, as the validator reads them.
    public static let registry = KindRegistry(
        models: models.descriptors, combiners: combiners.descriptors, metaModels: metaModels.descriptors,
        splits: splits.descriptors, samplers: samplers.descriptors, searches: searches.descriptors)
}

extension Kinds {
    /// Whether a model's parameter is left out of cache keys: a learning
    /// option (optimizer, loss, schedule, batch, early stopping) at its
    /// default, so that the fit nodes of models written before these options
    /// existed keep their fingerprints.
    public static func isQuietDefault(_ name: String, _ value: ParameterValue, of model: KindConfiguration) -> Bool {
        LearningParameters.names.contains(name) && model.parameters.descriptor.parameter(named: name)?.defaultValue == value
    }
}

extension PipelineLoader {
    /// A loader that checks files against the kinds this build runs.
    public static var standard: PipelineLoader { PipelineLoader(registry: Kinds.registry) }
}
