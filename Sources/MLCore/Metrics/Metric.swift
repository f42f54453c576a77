/// An evaluation metric. Names follow `name` or `name@parameter`
/// (`rmse`, `huber@0.5`, `ndcg@10`); `Metric(parsing:)` reads them and
/// `name` writes them back in canonical form.
///
/// Error metrics compare each test rating `r` with its prediction `p` over
/// all `n` test rows, `e = p − r`:
/// - `rmse` = √(Σ e² / n); `mse` = Σ e² / n; `mae` = Σ |e| / n;
/// - `huber@δ` = Σ h(e) / n with h(e) = e²/2 if |e| ≤ δ, else δ(|e| − δ/2);
///   plain `huber` means δ = 1.
///
/// Ranking metrics rank each test user's own test items by prediction (or
/// by the model's ranking score when it gives one), highest first; equal
/// scores are ordered by a fixed hash of the item's id, then by id (see
/// docs/ranking.md). An item is relevant when its true rating ≥ the
/// relevance threshold. For a user with n test items, R of them relevant,
/// rel_i = 1 if the item at rank i is relevant:
/// - `precision@k` = (Σ_{i≤k} rel_i) / k
/// - `recall@k` = (Σ_{i≤k} rel_i) / R
/// - `ndcg@k` = DCG / IDCG, DCG = Σ_{i≤min(k,n)} rel_i / log2(i + 1),
///   IDCG = Σ_{i≤min(k,R)} 1 / log2(i + 1) (binary gains)
/// - `map@k` = (Σ_{i≤k} rel_i · precision@i) / min(k, R)
/// - `hit@k` = 1 if any of the top k is relevant, else 0
/// - `mrr` (or `mrr@k`) = 1 / rank of the first relevant item (within the
///   top k), 0 if there is none
/// These are averaged over users with R ≥ 1 (users without a relevant test
/// item carry no signal and are left out); with no such user the value is 0.
/// - `coverage@k` = |distinct items in the top k of every test user| / the
///   item catalog size (`itemCount`). Every test user counts here. Since
///   rankings hold only each user's test items, this measures how widely the
///   model spreads its top places, not a full-catalog recommendation.
public enum Metric: Sendable, Hashable, CustomStringConvertible {
    case rmse, mae, mse
    case huber(delta: Double)
    case precision(k: Int)
    case recall(k: Int)
    case ndcg(k: Int)
    case map(k: Int)
    case hit(k: Int)
    /// `k == nil` ranks the user's whole test list.
    case mrr(k: Int?)
    case coverage(k: Int)

    /// The metric names `Metric(parsing:)` accepts, with their parameter
    /// shown as `@k` (a whole number ≥ 1) or `@delta` (a number > 0); a
    /// bracketed parameter is optional.
    public static let nameForms: [String] = [
        "rmse", "mae", "mse", "huber[@delta]", "precision@k", "recall@k", "ndcg@k", "map@k", "hit@k", "mrr[@k]", "coverage@k",
    ]

    /// The base names, without parameters.
    public static let baseNames: [String] = [
        "rmse", "mae", "mse", "huber", "precision", "recall", "ndcg", "map", "hit", "mrr", "coverage",
    ]

    /// Whether larger values are better.
    public enum Goal: String, Sendable, Hashable {
        case minimize, maximize
    }

    public var goal: Goal {
        switch self {
        case .rmse, .mae, .mse, .huber: .minimize
        case .precision, .recall, .ndcg, .map, .hit, .mrr, .coverage: .maximize
        }
    }

    /// Whether the metric ranks items per user (and so needs a relevance threshold).
    public var isRanking: Bool { goal == .maximize }

    /// How many items of each user's list the metric reads (`k` of `ndcg@k`); nil for none or the whole list.
    public var cutoff: Int? {
        switch self {
        case .rmse, .mae, .mse, .huber: nil
        case .precision(let k), .recall(let k), .ndcg(let k), .map(let k), .hit(let k), .coverage(let k): k
        case .mrr(let k): k
        }
    }

    /// The canonical name, which `Metric(parsing:)` reads back to the same metric.
    public var name: String {
        switch self {
        case .rmse: "rmse"
        case .mae: "mae"
        case .mse: "mse"
        case .huber(let delta): delta == 1 ? "huber" : "huber@\(formatNumber(delta))"
        case .precision(let k): "precision@\(k)"
        case .recall(let k): "recall@\(k)"
        case .ndcg(let k): "ndcg@\(k)"
        case .map(let k): "map@\(k)"
        case .hit(let k): "hit@\(k)"
        case .mrr(let k): k.map { "mrr@\($0)" } ?? "mrr"
        case .coverage(let k): "coverage@\(k)"
        }
    }

    public var description: String { name }
}
