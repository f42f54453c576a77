/// Every model kind of this module, by the name pipeline files use, so that a
/// spec can check a `kind:` (and suggest a close name) before anything runs.
public enum ModelKinds {
    public static let all: [any RatingModel.Type] = [
        GlobalMean.self, Baseline.self, MatrixFactorization.self, SVDPlusPlus.self, AlternatingLeastSquares.self,
        NearestNeighbours.self, SlopeOne.self, Popularity.self, ExternalCommand.self,
    ]

    /// The kind names, in the order above.
    public static var names: [String] { all.map { $0.kind } }
}
