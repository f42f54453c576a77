import MLModels
import PipelineSpec

/// Models with no parameters, or one.
enum GlobalMeanKind {
    static let entry = Kind<ModelContext, any RatingModel>(
        "global-mean", "predicts the mean training rating for every pair"
    ) { _, _ in GlobalMean() }
}

enum SlopeOneKind {
    static let entry = Kind<ModelContext, any RatingModel>(
        "slope-one", "weighted Slope One: average rating differences between items"
    ) { _, _ in SlopeOne() }
}

enum PopularityKind {
    private static let defaults = Popularity.Parameters()
    static let damping = Parameter(
        "damping", default: defaults.shrinkage, bounds: .nonNegative, tunable: true,
        "pseudo-ratings at the global mean added to every item")

    static let entry = Kind<ModelContext, any RatingModel>(
        "popularity", "ranks items by number of training ratings; predicts the item mean rating damped towards the global mean",
        parameters: [damping]
    ) { p, _ in
        Popularity(Popularity.Parameters(shrinkage: try p.value(damping)))
    }
}
