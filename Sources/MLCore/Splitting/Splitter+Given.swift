extension Splitter {
    static func given(_ ratings: RatingSet, groups: RatingGroups?, only: [String]?) throws(MLCoreError) -> [(
        name: String, train: [Int], test: [Int]
    )] {
        guard let groups, groups.indices.count == ratings.count else {
            throw MLCoreError(code: .missingGroups, message: "the given split needs a group column, and the ratings have none")
        }
        var chosen: [Int] = Array(groups.names.indices)
        if let only {
            guard !only.isEmpty else { throw MLCoreError.invalid("only", "the list of groups to use is empty") }
            chosen = []
            for name in only {
                guard let group = groups.names.firstIndex(of: name) else {
                    let candidates = closeGroupNames(to: name, in: groups.names)
                    var message = "no group named \"\(name)\""
                    message +=
                        candidates.isEmpty
                        ? " (groups: \(groups.names.joined(separator: ", ")))"
                        : "; did you mean " + candidates.map { "\"\($0)\"" }.joined(separator: " or ") + "?"
                    throw MLCoreError(code: .unknownGroup, message: message, parameter: "only", candidates: candidates)
                }
                chosen.append(group)
            }
        }
        return chosen.map { group in
            let (train, test) = partition(groups.indices.map { Int($0) == group })
            return (groups.names[group], train, test)
        }
    }

    /// The last partition (group) as test, every earlier one as training.
    static func prequential(_ ratings: RatingSet, partitions: RatingGroups?) throws(MLCoreError) -> (
        name: String, train: [Int], test: [Int]
    ) {
        guard let partitions, partitions.indices.count == ratings.count, let last = partitions.indices.max(),
            partitions.names.count > Int(last)
        else {
            throw MLCoreError(code: .missingGroups, message: "a prequential step needs the partition of every rating")
        }
        let (train, test) = partition(partitions.indices.map { $0 == last })
        return (partitions.names[Int(last)], train, test)
    }

    private static func closeGroupNames(to name: String, in names: [String]) -> [String] {
        let wanted = Array(name.lowercased())
        return names.enumerated()
            .map {
                (distance: RatingFile.editDistance(wanted, Array($0.element.lowercased())), position: $0.offset, name: $0.element)
            }
            .filter { $0.distance <= max(1, wanted.count / 3) }
            .sorted { ($0.distance, $0.position) < ($1.distance, $1.position) }
            .prefix(3).map(\.name)
    }
}
