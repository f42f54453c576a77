import MLCore
import PipelineGraph

/// A loaded data source as it travels between nodes and sits in the cache.
struct RatingsArtifact: Sendable {
    var ratings: RatingSet
    var scale: ClosedRange<Double>
    var userIDs: [String]
    var itemIDs: [String]
    /// Fold label index of each rating, for `given` splits.
    var groups: [Int32]?
    var groupNames: [String]
    /// Bad rows skipped under `on_bad_rows: skip`.
    var skippedRows: Int

    var artifact: Artifact {
        var fields: [String: Artifact] = [
            "users": .int32s(ratings.users),
            "items": .int32s(ratings.items),
            "values": .doubles(ratings.values),
            "userCount": .int(Int64(ratings.userCount)),
            "itemCount": .int(Int64(ratings.itemCount)),
            "scale": .doubles([scale.lowerBound, scale.upperBound]),
            "userIDs": .strings(userIDs),
            "itemIDs": .strings(itemIDs),
            "groupNames": .strings(groupNames),
            "skippedRows": .int(Int64(skippedRows)),
        ]
        if let times = ratings.times { fields["times"] = .doubles(times) }
        if let groups { fields["groups"] = .int32s(groups) }
        return .record(fields)
    }

    init(
        ratings: RatingSet, scale: ClosedRange<Double>, userIDs: [String], itemIDs: [String], groups: [Int32]?,
        groupNames: [String], skippedRows: Int
    ) {
        self.ratings = ratings
        self.scale = scale
        self.userIDs = userIDs
        self.itemIDs = itemIDs
        self.groups = groups
        self.groupNames = groupNames
        self.skippedRows = skippedRows
    }

    init(_ artifact: Artifact) throws {
        guard let users = artifact[field: "users"]?.int32Array, let items = artifact[field: "items"]?.int32Array,
            let values = artifact[field: "values"]?.doubleArray, let userCount = artifact[field: "userCount"]?.doubleValue,
            let itemCount = artifact[field: "itemCount"]?.doubleValue, let scale = artifact[field: "scale"]?.doubleArray,
            scale.count == 2, scale[0] <= scale[1], users.count == values.count, items.count == values.count
        else { throw StageError.malformedInput("ratings") }
        let times = artifact[field: "times"]?.doubleArray
        ratings = RatingSet(
            users: users, items: items, values: values, times: times?.count == values.count ? times : nil,
            userCount: Int(userCount), itemCount: Int(itemCount))
        self.scale = scale[0]...scale[1]
        userIDs = artifact[field: "userIDs"]?.stringArray ?? []
        itemIDs = artifact[field: "itemIDs"]?.stringArray ?? []
        groups = artifact[field: "groups"]?.int32Array
        groupNames = artifact[field: "groupNames"]?.stringArray ?? []
        skippedRows = Int(artifact[field: "skippedRows"]?.doubleValue ?? 0)
    }

    var ratingGroups: RatingGroups? {
        groups.map { RatingGroups(indices: $0, names: groupNames) }
    }
}

extension Artifact {
    var stringArray: [String]? {
        if case .strings(let values) = self { return values }
        return nil
    }

    /// Indices stored as `Int32` (a part of at most 2³¹ rows).
    var indexArray: [Int]? { int32Array.map { $0.map(Int.init) } }

    static func indices(_ values: [Int]) -> Artifact { .int32s(values.map { Int32(truncatingIfNeeded: $0) }) }
}

extension StageError {
    /// An input artifact without the expected fields: a cache entry from an
    /// incompatible version, which a version bump should have prevented.
    static func malformedInput(_ what: String) -> StageError {
        StageError(.data, "the \(what) input is malformed; run again with --no-cache")
    }
}
