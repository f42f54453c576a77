import PipelineSpec

/// Which fits a combiner needs besides the fold's own: the combine kind
/// decides (through the `OperationFactory`), lowering builds the nodes.
public enum CombineLayout: Sendable, Hashable {
    /// The fold's fit nodes of these members, nothing more.
    case predictions(members: [String])
    /// `count` fits of one model, each on its own bootstrap resample (bagging).
    case resampled(model: String, count: Int)
    /// `rounds` fits in sequence, cycling through `models`; each reads the one before (boosting).
    case sequential(models: [String], rounds: Int)
    /// Each member fitted once per inner part of the training part, predicting
    /// the part it left out (stacking on out-of-fold predictions); with
    /// `refit`, the fold's own fit nodes give the test predictions.
    case outOfFold(members: [String], parts: Int, refit: Bool)
}

/// The role of a fit node that belongs to a combiner.
public enum MemberRole: Sendable, Hashable, CustomStringConvertible {
    /// Bagging member `index` (from 1).
    case resample(index: Int)
    /// Boosting round `round` (from 1).
    case round(Int)
    /// Inner part `part` (from 1) of `parts`.
    case part(Int, of: Int)

    public var description: String {
        switch self {
        case .resample(let index): "bag \(index)"
        case .round(let round): "round \(round)"
        case .part(let part, let parts): "part \(part) of \(parts)"
        }
    }
}
