import Foundation
import MLCore

/// A property of a rating row that a feature-weighted stack may let the member
/// weights depend on.
public enum MetaFeature: String, Sendable, CaseIterable {
    /// `log(1 + number of training ratings by the row's user)`.
    case userSupport = "user_support"
    /// `log(1 + number of training ratings of the row's item)`.
    case itemSupport = "item_support"
    /// The row's time; 0 when the rows have no times.
    case time
}

extension PredictionCombiner {
    /// The meta-features of rows (`users[row]`, `items[row]`, `times?[row]`), column-wise
    /// (`result[f][row]`, in the order of `features`). Users and items outside the
    /// training index spaces have support 0.
    public static func metaFeatures(
        _ features: [MetaFeature], users: [Int32], items: [Int32], times: [Double]?, training: RatingSet
    ) -> [[Double]] {
        precondition(users.count == items.count, "one item per user")
        precondition(times == nil || times?.count == users.count, "one time per row")
        return features.map { feature in
            switch feature {
            case .userSupport:
                return logSupport(of: users, counting: training.users, size: training.userCount)
            case .itemSupport:
                return logSupport(of: items, counting: training.items, size: training.itemCount)
            case .time:
                return times ?? [Double](repeating: 0, count: users.count)
            }
        }
    }

    /// `log(1 + count)` of each row's index among `counted`.
    private static func logSupport(of indices: [Int32], counting counted: [Int32], size: Int) -> [Double] {
        var counts = [Int](repeating: 0, count: size)
        for index in counted where index >= 0 && Int(index) < size { counts[Int(index)] += 1 }
        var logCounts = [Double](repeating: 0, count: size)
        for index in 0..<size { logCounts[index] = log(1 + Double(counts[index])) }
        var support = [Double](repeating: 0, count: indices.count)
        for (row, index) in indices.enumerated() where index >= 0 && Int(index) < size { support[row] = logCounts[Int(index)] }
        return support
    }
}
