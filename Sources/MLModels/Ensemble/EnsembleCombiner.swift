import Foundation
import MLCore

/// How an ensemble turns its members' predictions into one: the state a
/// pipeline's combine step learned, in a form that answers new pairs.
public enum EnsembleCombiner: Sendable, Equatable {
    /// `intercept + Σ wᵢ·pᵢ`: average, weighted average, bagging, or a single member with weight 1.
    case linear(LinearCombination)
    /// Time-varying weights `wᵢ(t)`: each row takes the weights in force at its time.
    case windowed(WindowedCombination)
    /// A stacking meta-model over the members' predictions and each row's meta-features.
    case stacking(StackingModel, features: [MetaFeature], support: TrainingSupport)
    /// Gradient boosting: the first member's prediction plus `rate` times each later member's (fitted on residuals).
    case gradientBoosting(rate: Double)
    /// AdaBoost.R2: the weighted median of the members' predictions, weights `log(1/β)`.
    case adaBoost(weights: [Double])

    /// The method's name, as `mass export --inspect` shows it.
    public var name: String {
        switch self {
        case .linear: "linear"
        case .windowed: "time-varying weights"
        case .stacking: "stacking"
        case .gradientBoosting: "gradient boosting"
        case .adaBoost: "adaboost.r2"
        }
    }

    /// Combines member predictions given column-wise (`members[m][row]`) for
    /// rows of (user, item, time) in the ensemble's dense indices (-1 for an
    /// id it never saw), clipped to `scale`.
    public func apply(
        _ members: [[Double]], users: [Int32], items: [Int32], times: [Double], scale: ClosedRange<Double>
    ) -> [Double] {
        switch self {
        case .linear(let combination):
            return combination.apply(members, scale: scale)
        case .windowed(let windowed):
            return windowed.apply(members, times: times, scale: scale)
        case .stacking(let model, let features, let support):
            let columns = features.map { feature -> [Double] in
                switch feature {
                case .userSupport: users.map { support.userLogCount($0) }
                case .itemSupport: items.map { support.itemLogCount($0) }
                case .time: times
                }
            }
            return model.apply(members: members, features: columns, scale: scale)
        case .gradientBoosting(let rate):
            let rows = members.first?.count ?? 0
            var combined = members.first ?? []
            for member in members.dropFirst() {
                for row in 0..<rows { combined[row] += rate * member[row] }
            }
            return combined.map { clip($0, to: scale) }
        case .adaBoost(let weights):
            return PredictionCombiner.adaBoostPredict(memberPredictions: members, memberWeights: weights)
                .map { clip($0, to: scale) }
        }
    }
}

/// How many training ratings each user and item had, for the meta-features
/// `user_support` and `item_support` (`log(1 + count)`, as at fit time).
public struct TrainingSupport: Sendable, Equatable {
    public var userCounts: [Int32]
    public var itemCounts: [Int32]

    public init(userCounts: [Int32], itemCounts: [Int32]) {
        self.userCounts = userCounts
        self.itemCounts = itemCounts
    }

    /// The counts of the training rows of `training`.
    public init(_ training: RatingSet) {
        var users = [Int32](repeating: 0, count: training.userCount)
        var items = [Int32](repeating: 0, count: training.itemCount)
        for user in training.users where user >= 0 && Int(user) < users.count { users[Int(user)] += 1 }
        for item in training.items where item >= 0 && Int(item) < items.count { items[Int(item)] += 1 }
        self.init(userCounts: users, itemCounts: items)
    }

    func userLogCount(_ user: Int32) -> Double { Self.logCount(user, in: userCounts) }
    func itemLogCount(_ item: Int32) -> Double { Self.logCount(item, in: itemCounts) }

    /// `log(1 + count)`; 0 outside the table, as for an unknown id at fit time.
    private static func logCount(_ index: Int32, in counts: [Int32]) -> Double {
        guard index >= 0, Int(index) < counts.count else { return 0 }
        return log(1 + Double(counts[Int(index)]))
    }
}
