/// The columns of a small least-squares problem (members' predictions, or
/// products of predictions and meta-features) in one flat buffer.
///
/// Column-major (`values[column * rows + row]`) rather than row-major: the
/// predictions arrive one member at a time, and every kernel here walks one
/// column, or a pair of columns, down the rows.
struct DesignMatrix: Sendable, Equatable {
    let rows: Int
    let columns: Int
    var values: [Double]

    /// A zero matrix.
    init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        values = [Double](repeating: 0, count: rows * columns)
    }

    /// The given columns, each of `rows` values.
    init(columns: [[Double]], rows: Int) {
        precondition(columns.allSatisfy { $0.count == rows }, "every column has one value per row")
        self.init(rows: rows, columns: columns.count)
        for (index, column) in columns.enumerated() {
            values.replaceSubrange((index * rows)..<((index + 1) * rows), with: column)
        }
    }

    /// The rows at `selection` of the given columns, in that order.
    init(columns: [[Double]], selecting selection: [Int]) {
        self.init(rows: selection.count, columns: columns.count)
        let rows = selection.count
        let limit = columns.map(\.count).min() ?? 0
        precondition(selection.allSatisfy { $0 >= 0 && $0 < limit }, "selected rows lie in every column")
        values.withUnsafeMutableBufferPointer { out in
            for (index, column) in columns.enumerated() {
                column.withUnsafeBufferPointer { source in
                    let base = index * rows
                    for row in 0..<rows { out[base + row] = source[selection[row]] }
                }
            }
        }
    }

    /// One column as an array.
    func column(_ index: Int) -> [Double] {
        Array(values[(index * rows)..<((index + 1) * rows)])
    }

    /// Each column's mean, summed in row order.
    func columnMeans() -> [Double] {
        var means = [Double](repeating: 0, count: columns)
        let count = Double(rows)
        values.withUnsafeBufferPointer { x in
            for column in 0..<columns {
                let base = column * rows
                var sum = 0.0
                for row in 0..<rows { sum += x[base + row] }
                means[column] = sum / count
            }
        }
        return means
    }

    /// The cross products about the given means: `gram[a·n + b] = Σ (x_a − m_a)(x_b − m_b)` and
    /// `moment[a] = Σ (x_a − m_a)(y − ȳ)`, each summed in row order.
    ///
    /// - Complexity: O(rows × columns²).
    func crossProducts(targets: [Double], means: [Double], targetMean: Double) -> (gram: [Double], moment: [Double]) {
        precondition(targets.count == rows && means.count == columns, "one target per row and one mean per column")
        let count = columns
        var gram = [Double](repeating: 0, count: count * count)
        var moment = [Double](repeating: 0, count: count)
        values.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { y in
                for a in 0..<count {
                    let baseA = a * rows, meanA = means[a]
                    for b in a..<count {
                        let baseB = b * rows, meanB = means[b]
                        var sum = 0.0
                        for row in 0..<rows { sum += (x[baseA + row] - meanA) * (x[baseB + row] - meanB) }
                        gram[a * count + b] = sum
                        gram[b * count + a] = sum
                    }
                    var sum = 0.0
                    for row in 0..<rows { sum += (x[baseA + row] - meanA) * (y[row] - targetMean) }
                    moment[a] = sum
                }
            }
        }
        return (gram, moment)
    }

    /// Each column's root mean squared difference from the targets.
    func rootMeanSquaredErrors(targets: [Double]) -> [Double] {
        precondition(targets.count == rows, "one target per row")
        var errors = [Double](repeating: 0, count: columns)
        values.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { y in
                for column in 0..<columns {
                    let base = column * rows
                    var sum = 0.0
                    for row in 0..<rows {
                        let difference = x[base + row] - y[row]
                        sum += difference * difference
                    }
                    errors[column] = (sum / Double(rows)).squareRoot()
                }
            }
        }
        return errors
    }
}
