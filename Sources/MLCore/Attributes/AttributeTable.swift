/// Attributes of users or of items (`data: {users: ...}`): for each row of
/// the file, keyed by its id, the features the row has and their values.
/// A categorical attribute gives one feature per value (`occupation=writer`,
/// value 1); a numeric one a single feature (`age`) with the value
/// standardised over the file; a multi-valued one (genres) a feature per
/// value, each weighted 1/n so that the attribute weighs 1 in all.
public struct AttributeTable: Sendable, Hashable {
    /// The id of each row, as the ratings file writes it.
    public var ids: [String]
    /// Row r's features are `features[offsets[r]..<offsets[r + 1]]`.
    public var offsets: [Int]
    public var features: [Int32]
    public var values: [Float]
    /// `attribute=value` for categorical and multi-valued attributes, the attribute's name for numeric ones.
    public var featureNames: [String]
    /// The attribute (index into `attributes`) each feature belongs to.
    public var featureAttributes: [Int32]
    /// The attribute names in the order they were declared.
    public var attributes: [String]

    public init(
        ids: [String], offsets: [Int], features: [Int32], values: [Float], featureNames: [String],
        featureAttributes: [Int32], attributes: [String]
    ) {
        precondition(offsets.count == ids.count + 1 && features.count == values.count, "malformed attribute rows")
        precondition(featureNames.count == featureAttributes.count, "one attribute per feature")
        self.ids = ids
        self.offsets = offsets
        self.features = features
        self.values = values
        self.featureNames = featureNames
        self.featureAttributes = featureAttributes
        self.attributes = attributes
    }

    public var rowCount: Int { ids.count }
    public var featureCount: Int { featureNames.count }

    /// The rows of `entities` (dense index order: the ratings' user or item
    /// ids), keeping only features of the attributes named in `selected`.
    /// An entity the table does not list has no features; a selected name
    /// the table does not declare is simply absent (the spec checks names).
    public func rows(for entities: [String], selected: [String]) -> FeatureRows {
        let kept = Set(selected)
        // The selected features, renumbered from 0 in table order.
        var renumbered = [Int32](repeating: -1, count: featureCount)
        var names: [String] = []
        for feature in 0..<featureCount where kept.contains(attributes[Int(featureAttributes[feature])]) {
            renumbered[feature] = Int32(names.count)
            names.append(featureNames[feature])
        }
        var rowOfID: [String: Int] = [:]
        rowOfID.reserveCapacity(ids.count)
        for (row, id) in ids.enumerated() { rowOfID[id] = row }
        var offsets = [0], features: [Int32] = [], values: [Float] = []
        offsets.reserveCapacity(entities.count + 1)
        for entity in entities {
            if let row = rowOfID[entity] {
                for position in self.offsets[row]..<self.offsets[row + 1] {
                    let feature = renumbered[Int(self.features[position])]
                    guard feature >= 0 else { continue }
                    features.append(feature)
                    values.append(self.values[position])
                }
            }
            offsets.append(features.count)
        }
        return FeatureRows(offsets: offsets, features: features, values: values, names: names)
    }
}

/// Sparse features per entity in dense index order (user or item `k` is row
/// `k`): what a model over side information reads.
public struct FeatureRows: Sendable, Hashable {
    public var offsets: [Int]
    public var features: [Int32]
    public var values: [Float]
    public var names: [String]

    public init(offsets: [Int], features: [Int32], values: [Float], names: [String]) {
        self.offsets = offsets
        self.features = features
        self.values = values
        self.names = names
    }

    /// No entity, no feature.
    public static let empty = FeatureRows(offsets: [0], features: [], values: [], names: [])

    public var rowCount: Int { offsets.count - 1 }
    public var featureCount: Int { names.count }

    /// Whether the arrays agree with each other (a decoded artifact is checked with it).
    public var isWellFormed: Bool {
        offsets.first == 0 && offsets.last == features.count && features.count == values.count
            && zip(offsets, offsets.dropFirst()).allSatisfy { $0 <= $1 }
            && features.allSatisfy { $0 >= 0 && Int($0) < names.count }
    }
}

/// What a model over side features reads besides the ratings: the attribute
/// tables, and the ids of the ratings' dense user and item indices that key them.
public struct SideInformation: Sendable, Hashable {
    public var userIDs: [String]
    public var itemIDs: [String]
    public var users: AttributeTable?
    public var items: AttributeTable?

    public init(userIDs: [String], itemIDs: [String], users: AttributeTable? = nil, items: AttributeTable? = nil) {
        self.userIDs = userIDs
        self.itemIDs = itemIDs
        self.users = users
        self.items = items
    }
}
