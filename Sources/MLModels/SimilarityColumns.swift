import Synchronization

/// The positive similarities of a matrix by column: for each entity j, the
/// rows i whose kept neighbours include j, ascending by i, with sim(i, j).
/// Item-based all-item scoring walks the columns of the items a user rated.
///
/// Each entry also holds its rank in its row's order of preference (higher
/// similarity first, ties to the lower entity, the row's own entity counted
/// with similarity 1, as a prediction counts it): choosing an item's k best
/// candidates is then choosing the k lowest ranks, without comparing doubles.
struct SimilarityColumns: Sendable {
    let offsets: [Int]
    let rows: [Int32]
    let values: [Double]
    /// The rank of each entry within row `rows[p]`.
    let ranks: [Int32]
    /// The rank of entity i itself within row i, and the number of ranks row i has.
    let selfRanks: [Int32]
    let rankCounts: [Int32]

    init(_ matrix: SimilarityMatrix) {
        var offsets = [Int](repeating: 0, count: matrix.count + 1)
        for position in matrix.neighbours.indices where matrix.values[position] > 0 {
            offsets[Int(matrix.neighbours[position]) + 1] += 1
        }
        for column in 0..<matrix.count { offsets[column + 1] += offsets[column] }
        var next = offsets
        var rows = [Int32](repeating: 0, count: offsets[matrix.count])
        var values = [Double](repeating: 0, count: offsets[matrix.count])
        var ranks = [Int32](repeating: 0, count: offsets[matrix.count])
        var selfRanks = [Int32](repeating: 0, count: matrix.count)
        var rankCounts = [Int32](repeating: 1, count: matrix.count)
        // Per row: (similarity, entity, column position) of its positive entries and itself.
        var preference: [(similarity: Double, entity: Int32, placed: Int)] = []
        for row in 0..<matrix.count {
            preference.removeAll(keepingCapacity: true)
            preference.append((1, Int32(row), -1))
            for position in matrix.offsets[row]..<matrix.offsets[row + 1] where matrix.values[position] > 0 {
                let column = Int(matrix.neighbours[position])
                rows[next[column]] = Int32(row)
                values[next[column]] = matrix.values[position]
                preference.append((matrix.values[position], matrix.neighbours[position], next[column]))
                next[column] += 1
            }
            preference.sort { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.entity < $1.entity }
            for (rank, entry) in preference.enumerated() {
                if entry.placed < 0 { selfRanks[row] = Int32(rank) } else { ranks[entry.placed] = Int32(rank) }
            }
            rankCounts[row] = Int32(preference.count)
        }
        self.offsets = offsets
        self.rows = rows
        self.values = values
        self.ranks = ranks
        self.selfRanks = selfRanks
        self.rankCounts = rankCounts
    }
}

/// The columns of a fitted model's matrix, built once on first use: a model
/// that only predicts pairs never pays for them.
final class SimilarityColumnsCache: Sendable {
    private let builtColumns = Mutex<SimilarityColumns?>(nil)

    func columns(of matrix: SimilarityMatrix) -> SimilarityColumns {
        builtColumns.withLock { built in
            if let built { return built }
            let columns = SimilarityColumns(matrix)
            built = columns
            return columns
        }
    }
}
