import Synchronization

/// The positive similarities of a matrix by column: for each entity j, the
/// rows i whose kept neighbours include j, ascending by i, with sim(i, j).
/// Item-based all-item scoring walks the columns of the items a user rated.
struct SimilarityColumns: Sendable {
    let offsets: [Int]
    let rows: [Int32]
    let values: [Double]

    init(_ matrix: SimilarityMatrix) {
        var offsets = [Int](repeating: 0, count: matrix.count + 1)
        for position in matrix.neighbours.indices where matrix.values[position] > 0 {
            offsets[Int(matrix.neighbours[position]) + 1] += 1
        }
        for column in 0..<matrix.count { offsets[column + 1] += offsets[column] }
        var next = offsets
        var rows = [Int32](repeating: 0, count: offsets[matrix.count])
        var values = [Double](repeating: 0, count: offsets[matrix.count])
        for row in 0..<matrix.count {
            for position in matrix.offsets[row]..<matrix.offsets[row + 1] where matrix.values[position] > 0 {
                let column = Int(matrix.neighbours[position])
                rows[next[column]] = Int32(row)
                values[next[column]] = matrix.values[position]
                next[column] += 1
            }
        }
        self.offsets = offsets
        self.rows = rows
        self.values = values
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
