/// The weighted median: the smallest value whose cumulative weight, the values taken
/// in ascending order (equal values by position), reaches half the total weight.
///
/// Weights must not be negative; when they are all zero the values count equally.
/// `nan` when there are no values.
///
/// - Complexity: O(n log n).
public func weightedMedian(_ values: [Double], weights: [Double]) -> Double {
    precondition(values.count == weights.count, "one weight per value")
    var order: [Int] = []
    return values.withUnsafeBufferPointer { v in
        weights.withUnsafeBufferPointer { w in weightedMedian(v, weights: w, order: &order) }
    }
}

/// `weightedMedian(_:weights:)` on buffers, with `order` as reusable scratch space.
func weightedMedian(_ values: UnsafeBufferPointer<Double>, weights: UnsafeBufferPointer<Double>, order: inout [Int]) -> Double {
    let count = values.count
    guard count > 0 else { return .nan }
    order.removeAll(keepingCapacity: true)
    for index in 0..<count {
        precondition(weights[index] >= 0, "weights must not be negative")
        order.append(index)
    }
    if count <= 32 {
        // Insertion sort: stable, so equal values stay in position order; no closure per row.
        for position in 1..<count {
            let index = order[position], value = values[index]
            var slot = position
            while slot > 0 && values[order[slot - 1]] > value {
                order[slot] = order[slot - 1]
                slot -= 1
            }
            order[slot] = index
        }
    } else {
        order.sort { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
    }
    var total = 0.0
    for index in order { total += weights[index] }
    let equal = !(total > 0)
    let half = equal ? Double(count) / 2 : total / 2
    var cumulative = 0.0
    for index in order {
        cumulative += equal ? 1 : weights[index]
        if cumulative >= half { return values[index] }
    }
    return values[order[count - 1]]
}
