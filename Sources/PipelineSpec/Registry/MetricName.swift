import Foundation

/// A metric `evaluate` can compute, parsed from names like `rmse` or `ndcg@10`.
public enum MetricName: Hashable, Sendable, CustomStringConvertible {
    case rmse, mae, mse, huber, mrr
    case precision(k: Int)
    case recall(k: Int)
    case ndcg(k: Int)
    case map(k: Int)
    case hit(k: Int)
    case coverage(k: Int)

    /// Metric names as users write them; `@k` ones take a positive cut-off.
    public static let catalog: [(name: String, summary: String)] = [
        ("rmse", "root mean squared error of predicted ratings"),
        ("mae", "mean absolute error"),
        ("mse", "mean squared error"),
        ("huber", "Huber loss (evaluate.huber_delta, default 1)"),
        ("mrr", "mean reciprocal rank of the first relevant item"),
        ("precision@k", "share of the top k that is relevant"),
        ("recall@k", "share of the relevant items found in the top k"),
        ("ndcg@k", "normalized discounted cumulative gain of the top k"),
        ("map@k", "mean average precision of the top k"),
        ("hit@k", "share of users with a relevant item in their top k"),
        ("coverage@k", "share of all items recommended in some user's top k"),
    ]

    /// Names for "did you mean", with `@k` spelled `@10`.
    public static var suggestionNames: [String] {
        catalog.map { $0.name.replacingOccurrences(of: "@k", with: "@10") }
    }

    public init?(parsing text: String) {
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 {
            switch text {
            case "rmse": self = .rmse
            case "mae": self = .mae
            case "mse": self = .mse
            case "huber": self = .huber
            case "mrr": self = .mrr
            default: return nil
            }
            return
        }
        guard let k = Int(parts[1]), k > 0, parts[1].allSatisfy(\.isNumber) else { return nil }
        switch parts[0] {
        case "precision": self = .precision(k: k)
        case "recall": self = .recall(k: k)
        case "ndcg": self = .ndcg(k: k)
        case "map": self = .map(k: k)
        case "hit": self = .hit(k: k)
        case "coverage": self = .coverage(k: k)
        default: return nil
        }
    }

    /// Whether smaller values are better (errors) or larger (ranking quality).
    public var lowerIsBetter: Bool {
        switch self {
        case .rmse, .mae, .mse, .huber: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .rmse: "rmse"
        case .mae: "mae"
        case .mse: "mse"
        case .huber: "huber"
        case .mrr: "mrr"
        case .precision(let k): "precision@\(k)"
        case .recall(let k): "recall@\(k)"
        case .ndcg(let k): "ndcg@\(k)"
        case .map(let k): "map@\(k)"
        case .hit(let k): "hit@\(k)"
        case .coverage(let k): "coverage@\(k)"
        }
    }
}
