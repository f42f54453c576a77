import MLCore

/// The features of one rating as a factorization machine sees them, in one
/// index space: the user (one-hot), the item (one-hot), the user's
/// attributes, the item's attributes, then each context feature's values.
struct FeatureSpace: Sendable, Hashable {
    let userCount: Int
    let itemCount: Int
    let userRows: FeatureRows
    let itemRows: FeatureRows
    let contexts: [ContextFeature]
    /// Most features one rating can have: the size of a gather's buffers.
    let widestRow: Int

    init(userCount: Int, itemCount: Int, userRows: FeatureRows, itemRows: FeatureRows, contexts: [ContextFeature]) {
        self.userCount = userCount
        self.itemCount = itemCount
        self.userRows = userRows
        self.itemRows = itemRows
        self.contexts = contexts
        func widest(_ rows: FeatureRows) -> Int {
            (0..<rows.rowCount).map { rows.offsets[$0 + 1] - rows.offsets[$0] }.max() ?? 0
        }
        widestRow = 2 + widest(userRows) + widest(itemRows) + contexts.count
    }

    var userAttributeBase: Int { userCount + itemCount }
    var itemAttributeBase: Int { userAttributeBase + userRows.featureCount }
    var contextBase: Int { itemAttributeBase + itemRows.featureCount }
    var count: Int { contextBase + contexts.reduce(0) { $0 + $1.cardinality } }

    /// Writes the rating's active features and their values, returns how many.
    /// `seen`, when given, drops features never seen in training (their weights are untrained).
    @inline(__always)
    func gather(
        user: Int, item: Int, context: (Int) -> Int?, into indices: UnsafeMutablePointer<Int32>,
        values: UnsafeMutablePointer<Float>, seen: UnsafePointer<Bool>? = nil
    ) -> Int {
        var count = 0
        @inline(__always) func add(_ feature: Int, _ value: Float) {
            if let seen, !seen[feature] { return }
            indices[count] = Int32(feature)
            values[count] = value
            count += 1
        }
        if user >= 0 && user < userCount {
            add(user, 1)
            if user < userRows.rowCount {
                for k in userRows.offsets[user]..<userRows.offsets[user + 1] {
                    add(userAttributeBase + Int(userRows.features[k]), userRows.values[k])
                }
            }
        }
        if item >= 0 && item < itemCount {
            add(userCount + item, 1)
            if item < itemRows.rowCount {
                for k in itemRows.offsets[item]..<itemRows.offsets[item + 1] {
                    add(itemAttributeBase + Int(itemRows.features[k]), itemRows.values[k])
                }
            }
        }
        var base = contextBase
        for (position, feature) in contexts.enumerated() {
            if let value = context(position) { add(base + value, 1) }
            base += feature.cardinality
        }
        return count
    }
}
