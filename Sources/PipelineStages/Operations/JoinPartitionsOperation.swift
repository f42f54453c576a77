import MLCore
import PipelineGraph
import PipelineSpec

/// Joins the partitions of a source of several files into one data set, in
/// partition order: identifiers keep the index of their first appearance,
/// and a pair rated in two partitions follows the source's `duplicates`
/// policy (`last`: the later partition's rating, as data that arrives later corrects).
struct JoinPartitionsOperation: PipelineOperation {
    let source: DataSourceSpec
    /// A prequential step's window: the partitions through this one (from 1), every
    /// rating kept with its partition as its group, so the last partition can be the test part.
    var window: Int? = nil

    var name: String { window == nil ? "join-partitions" : "window" }
    var version: Int { 1 }
    var usesSeed: Bool { false }

    private var file: FileSourceSpec? { source.origin.file }

    var configuration: ConfigValue {
        guard let file else { return .null }
        return [
            "data": .object([
                source.name.value: .object([
                    "partitions": .int(window ?? file.partitions.count),
                    "duplicates": .string(file.duplicates.value.rawValue),
                    "scale": file.scale.map { .array($0.value.map(ConfigValue.double)) } ?? .null,
                ])
            ])
        ]
    }

    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        guard let file, inputs.count == (window ?? file.partitions.count) else { throw StageError.malformedInput("partitions") }
        let parts = try inputs.map(RatingsArtifact.init)
        let paths = file.partitions.prefix(inputs.count).map(\.value)
        if window != nil { return Self.stack(parts, paths: paths).artifact }
        return try Self.join(parts, paths: paths, policy: file.ratingFileOptions.duplicates, source: source.name.value).artifact
    }

    static func join(_ parts: [RatingsArtifact], paths: [String], policy: MLCore.DuplicatePolicy, source: String) throws
        -> RatingsArtifact
    {
        var users = IdentifierIndex(), items = IdentifierIndex(), groups = IdentifierIndex()
        var rowOfPair: [Int64: Int] = [:]
        var partOfRow: [Int] = []
        var userColumn: [Int32] = [], itemColumn: [Int32] = [], values: [Double] = [], counts: [Int] = []
        let timed = parts.allSatisfy { $0.ratings.times != nil }
        let grouped = parts.allSatisfy { $0.groups != nil }
        var times: [Double] = [], groupColumn: [Int32] = []
        var low = Double.infinity, high = -Double.infinity
        for (partIndex, part) in parts.enumerated() {
            low = min(low, part.scale.lowerBound)
            high = max(high, part.scale.upperBound)
            let ratings = part.ratings
            for row in 0..<ratings.count {
                let user = users.index(of: part.userIDs[Int(ratings.users[row])])
                let item = items.index(of: part.itemIDs[Int(ratings.items[row])])
                let key = Int64(user) << 32 | Int64(item)
                if let earlier = rowOfPair[key] {
                    switch policy {
                    case .error:
                        throw StageError(
                            .data,
                            "data source '\(source)': user '\(part.userIDs[Int(ratings.users[row])])' rated item "
                                + "'\(part.itemIDs[Int(ratings.items[row])])' in \(paths[partOfRow[earlier]]) and again in "
                                + "\(paths[partIndex]); set 'duplicates: last' to keep the later rating, or 'mean' to average them"
                        )
                    case .last:
                        values[earlier] = ratings.values[row]
                        counts[earlier] = 1
                    case .mean:
                        values[earlier] += ratings.values[row]
                        counts[earlier] += 1
                    }
                    if timed, let partTimes = ratings.times { times[earlier] = max(times[earlier], partTimes[row]) }
                    continue
                }
                rowOfPair[key] = values.count
                partOfRow.append(partIndex)
                userColumn.append(user)
                itemColumn.append(item)
                values.append(ratings.values[row])
                counts.append(1)
                if timed, let partTimes = ratings.times { times.append(partTimes[row]) }
                if grouped, let partGroups = part.groups {
                    groupColumn.append(groups.index(of: part.groupNames[Int(partGroups[row])]))
                }
            }
        }
        for row in values.indices where counts[row] > 1 { values[row] /= Double(counts[row]) }
        let ratings = RatingSet(
            users: userColumn, items: itemColumn, values: values, times: timed ? times : nil, userCount: users.names.count,
            itemCount: items.names.count)
        return RatingsArtifact(
            ratings: ratings, scale: low...max(low, high), userIDs: users.names, itemIDs: items.names,
            groups: grouped ? groupColumn : nil, groupNames: grouped ? groups.names : [],
            skippedRows: parts.reduce(0) { $0 + $1.skippedRows })
    }
}

extension JoinPartitionsOperation {
    /// The partitions one after another, each rating kept and grouped by its partition.
    static func stack(_ parts: [RatingsArtifact], paths: [String]) -> RatingsArtifact {
        var users = IdentifierIndex(), items = IdentifierIndex()
        var userColumn: [Int32] = [], itemColumn: [Int32] = [], values: [Double] = [], groupColumn: [Int32] = []
        let timed = parts.allSatisfy { $0.ratings.times != nil }
        var times: [Double] = []
        var low = Double.infinity, high = -Double.infinity
        for (partIndex, part) in parts.enumerated() {
            low = min(low, part.scale.lowerBound)
            high = max(high, part.scale.upperBound)
            let ratings = part.ratings
            for row in 0..<ratings.count {
                userColumn.append(users.index(of: part.userIDs[Int(ratings.users[row])]))
                itemColumn.append(items.index(of: part.itemIDs[Int(ratings.items[row])]))
                values.append(ratings.values[row])
                groupColumn.append(Int32(partIndex))
                if timed, let partTimes = ratings.times { times.append(partTimes[row]) }
            }
        }
        let ratings = RatingSet(
            users: userColumn, items: itemColumn, values: values, times: timed ? times : nil, userCount: users.names.count,
            itemCount: items.names.count)
        return RatingsArtifact(
            ratings: ratings, scale: low...max(low, high), userIDs: users.names, itemIDs: items.names, groups: groupColumn,
            groupNames: paths, skippedRows: parts.reduce(0) { $0 + $1.skippedRows })
    }
}

/// Identifiers numbered in order of first appearance.
private struct IdentifierIndex {
    private(set) var names: [String] = []
    private var indices: [String: Int32] = [:]

    mutating func index(of name: String) -> Int32 {
        if let index = indices[name] { return index }
        let index = Int32(names.count)
        indices[name] = index
        names.append(name)
        return index
    }
}
