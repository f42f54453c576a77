import MLModels
import PipelineSpec

/// `knn`: neighbourhood model over items or users.
enum NearestNeighboursKind {
    private static let defaults = NearestNeighbours.Parameters()

    enum Neighbours: String, ParameterChoice {
        case items, users

        init(_ axis: NearestNeighbours.Axis) {
            switch axis {
            case .items: self = .items
            case .users: self = .users
            }
        }

        var axis: NearestNeighbours.Axis {
            switch self {
            case .items: .items
            case .users: .users
            }
        }
    }

    /// Spelled as Surprise spells them.
    enum Similarity: String, ParameterChoice {
        case cosine, msd, pearson
        case pearsonBaseline = "pearson_baseline"

        init(_ similarity: NearestNeighbours.Similarity) {
            switch similarity {
            case .cosine: self = .cosine
            case .msd: self = .msd
            case .pearson: self = .pearson
            case .pearsonBaseline: self = .pearsonBaseline
            }
        }

        var similarity: NearestNeighbours.Similarity {
            switch self {
            case .cosine: .cosine
            case .msd: .msd
            case .pearson: .pearson
            case .pearsonBaseline: .pearsonBaseline
            }
        }
    }

    static let neighbours = Parameter(
        "neighbours", default: Neighbours(defaults.on),
        "item-based (similar items) or user-based (similar users)")
    static let k = Parameter("k", default: defaults.k, bounds: .atLeastOne, tunable: true, "maximum number of neighbours")
    static let minK = Parameter(
        "min_k", default: defaults.minK, bounds: .atLeastOne, tunable: true,
        "fewest neighbours for a neighbourhood estimate")
    static let similarity = Parameter("similarity", default: Similarity(defaults.similarity), tunable: true, "similarity measure")
    static let shrinkage = Parameter(
        "shrinkage", default: defaults.shrinkage, bounds: .nonNegative, tunable: true,
        "shrinks similarities of few common ratings towards zero")
    static let baseline = Parameter(
        "baseline", default: defaults.estimator == .withBaseline, tunable: true,
        "predict deviations from user and item biases")
    /// Absent: every non-zero similarity (up to the model's pair budget).
    static let keep = OptionalParameter<Int>(
        "keep", bounds: .atLeastOne, tunable: true,
        "similarities kept per item (per user when user-based) at fit time: the N largest, ties to the lower "
            + "index, as LensKit's save_nbrs; all when absent")

    static let entry = Kind<ModelContext, any RatingModel>(
        "knn", "neighbourhood model over items or users (Surprise's KNNBasic / KNNBaseline)",
        parameters: [neighbours, k, minK, similarity, shrinkage, baseline, keep]
    ) { p, _ in
        var parameters = defaults
        parameters.on = try p.value(neighbours).axis
        parameters.k = try p.value(k)
        parameters.minK = try p.value(minK)
        parameters.similarity = try p.value(similarity).similarity
        parameters.shrinkage = try p.value(shrinkage)
        parameters.estimator = try p.value(baseline) ? .withBaseline : .basic
        parameters.maxNeighbours = try p.value(keep) ?? defaults.maxNeighbours
        return NearestNeighbours(parameters)
    }
}
