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

enum EASEKind {
    private static let defaults = EASE.Parameters()
    static let lambda = Parameter(
        "lambda", default: defaults.lambda, bounds: .positive, tunable: true,
        "L2 penalty on the item-item weights (added to the diagonal of XᵀX)")
    static let maxItems = Parameter(
        "max_items", default: defaults.maxItems, bounds: .atLeastOne,
        "largest catalogue: the fit holds dense items × items matrices")

    static let entry = Kind<ModelContext, any RatingModel>(
        "ease",
        "EASE (Steck 2019): closed-form item-item weights from who rated what; ranks items by them, predicts ratings by the baseline",
        parameters: [lambda, maxItems]
    ) { p, _ in
        EASE(EASE.Parameters(lambda: try p.value(lambda), maxItems: try p.value(maxItems)))
    }
}
