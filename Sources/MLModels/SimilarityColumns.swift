import Synchronization

/// The positive similarities of a matrix by column: for each entity j, the
/// rows i whose kept neighbours include j, ascending by i, with sim(i, j).
/// Item-based all-item scoring walks the columns of the items a user rated.
///
/// Each row's possible neighbours (its positive entries and the row's own
/// entity, with similarity 1, as a prediction counts it) are also held in
/// entity order and in order of preference (higher similarity first, ties to
/// the lower entity): an item with more than k rated neighbours takes the
/// first k of them in preference order, then adds them in entity order.
struct SimilarityColumns: Sendable {
    let offsets: [Int]
    let rows: [Int32]
    let values: [Double]
    /// Row i's possible neighbours are `rowOffsets[i]..<rowOffsets[i + 1]` of
    /// `rowEntities` and `rowValues`, ascending by entity.
    let rowOffsets: [Int]
    let rowEntities: [Int32]
    let rowValues: [Double]
    /// The same ranges in order of preference: each neighbour's entity, and
    /// its place in the row's entity order (0 for the row's first entity).
    let preferredEntities: [Int32]
    let preferredPlaces: [Int32]
    /// Per column entry (row i, entity j): j's rank in row i's order of
    /// preference; per row: the rank of the row's own entity. Scoring marks
    /// the ranks of the rated neighbours while it adds the columns, so an
    /// item with more than k finds its first k without walking its row.
    let columnRanks: [Int32]
    let ownRanks: [Int32]
    /// The longest row, its own entity included.
    let longestRow: Int

    init(_ matrix: SimilarityMatrix) {
        var offsets = [Int](repeating: 0, count: matrix.count + 1)
        var rowOffsets = [Int](repeating: 0, count: matrix.count + 1)
        for row in 0..<matrix.count {
            var length = 1
            for position in matrix.offsets[row]..<matrix.offsets[row + 1] where matrix.values[position] > 0 {
                offsets[Int(matrix.neighbours[position]) + 1] += 1
                length += 1
            }
            rowOffsets[row + 1] = rowOffsets[row] + length
        }
        for column in 0..<matrix.count { offsets[column + 1] += offsets[column] }
        var next = offsets
        var rows = [Int32](repeating: 0, count: offsets[matrix.count])
        var values = [Double](repeating: 0, count: offsets[matrix.count])
        let total = rowOffsets[matrix.count]
        var rowEntities = [Int32](repeating: 0, count: total)
        var rowValues = [Double](repeating: 0, count: total)
        var preferredEntities = [Int32](repeating: 0, count: total)
        var preferredPlaces = [Int32](repeating: 0, count: total)
        var columnRanks = [Int32](repeating: 0, count: offsets[matrix.count])
        var ownRanks = [Int32](repeating: 0, count: matrix.count)
        var longestRow = 0
        // Per row: (similarity, entity, place in entity order, column entry or -1 for the row's own) of its possible neighbours.
        var preference: [(similarity: Double, entity: Int32, place: Int32, entry: Int)] = []
        for row in 0..<matrix.count {
            preference.removeAll(keepingCapacity: true)
            var placedSelf = false
            for position in matrix.offsets[row]..<matrix.offsets[row + 1] where matrix.values[position] > 0 {
                let column = Int(matrix.neighbours[position])
                let entry = next[column]
                rows[entry] = Int32(row)
                values[entry] = matrix.values[position]
                next[column] += 1
                if !placedSelf && column > row {
                    preference.append((1, Int32(row), Int32(preference.count), -1))
                    placedSelf = true
                }
                preference.append((matrix.values[position], Int32(column), Int32(preference.count), entry))
            }
            if !placedSelf { preference.append((1, Int32(row), Int32(preference.count), -1)) }
            let start = rowOffsets[row]
            for entry in preference {
                rowEntities[start + Int(entry.place)] = entry.entity
                rowValues[start + Int(entry.place)] = entry.similarity
            }
            preference.sort { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.entity < $1.entity }
            for (rank, entry) in preference.enumerated() {
                preferredEntities[start + rank] = entry.entity
                preferredPlaces[start + rank] = entry.place
                if entry.entry < 0 { ownRanks[row] = Int32(rank) } else { columnRanks[entry.entry] = Int32(rank) }
            }
            longestRow = max(longestRow, preference.count)
        }
        self.offsets = offsets
        self.rows = rows
        self.values = values
        self.rowOffsets = rowOffsets
        self.rowEntities = rowEntities
        self.rowValues = rowValues
        self.preferredEntities = preferredEntities
        self.preferredPlaces = preferredPlaces
        self.columnRanks = columnRanks
        self.ownRanks = ownRanks
        self.longestRow = longestRow
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
