extension RatingSet {
    /// The rows among `indices` bucketed by user (or item): bucket `g` is
    /// `rows[starts[g]..<starts[g + 1]]`, keeping the order of `indices`.
    ///
    /// - Complexity: O(indices + index space), by counting sort.
    func buckets(of indices: [Int], byItem: Bool) -> (starts: [Int], rows: [Int]) {
        let keys = byItem ? items : users
        let groupCount = byItem ? itemCount : userCount
        var starts = [Int](repeating: 0, count: groupCount + 1)
        for row in indices { starts[Int(keys[row]) + 1] += 1 }
        for group in 0..<groupCount { starts[group + 1] += starts[group] }
        var fill = starts
        var rows = [Int](repeating: 0, count: indices.count)
        for row in indices {
            let group = Int(keys[row])
            rows[fill[group]] = row
            fill[group] += 1
        }
        return (starts, rows)
    }

    /// `indices` ordered by time, ties broken by row index, so the order is total and reproducible.
    func sortedByTime(_ indices: [Int], times: [Double]) -> [Int] {
        indices.sorted { times[$0] < times[$1] || (times[$0] == times[$1] && $0 < $1) }
    }
}
