/// How points become Gaussian-process inputs: each continuous or integer dimension is one
/// column holding its unit coordinate (log dimensions in log space, integers at the centre of
/// their value's bin), and each categorical dimension is a one-hot block of columns. Every
/// column of a dimension shares that dimension's length scale.
struct InputEncoding: Sendable {
    let space: SearchSpace
    /// The number of columns.
    let columns: Int
    /// The dimension of each column.
    let dimensionOfColumn: [Int]
    /// The first column of each dimension.
    let firstColumn: [Int]

    init(space: SearchSpace) {
        self.space = space
        var dimensionOfColumn: [Int] = []
        var firstColumn: [Int] = []
        for (d, dimension) in space.dimensions.enumerated() {
            firstColumn.append(dimensionOfColumn.count)
            let width = dimension.isCategorical ? Swift.max(dimension.valueCount ?? 1, 1) : 1
            for _ in 0..<width { dimensionOfColumn.append(d) }
        }
        self.dimensionOfColumn = dimensionOfColumn
        self.firstColumn = firstColumn
        columns = dimensionOfColumn.count
    }

    /// Writes the columns of `point` at `output[0..<columns]`.
    func encode(_ point: Point, into output: UnsafeMutablePointer<Double>) {
        for (d, dimension) in space.dimensions.enumerated() {
            let column = firstColumn[d]
            let value = d < point.count ? point[d] : 0
            if case .categorical(let count) = dimension {
                let chosen = Int(Swift.min(Swift.max(value.rounded(), 0), Double(Swift.max(count, 1) - 1)))
                for c in 0..<Swift.max(count, 1) { output[column + c] = c == chosen ? 1 : 0 }
            } else {
                output[column] = dimension.unit(value: value)
            }
        }
    }

    /// The point whose columns are `input` (a categorical dimension takes its largest column).
    func decode(_ input: UnsafePointer<Double>) -> Point {
        var point = Point(repeating: 0, count: space.count)
        for (d, dimension) in space.dimensions.enumerated() {
            let column = firstColumn[d]
            if case .categorical(let count) = dimension {
                var chosen = 0
                for c in 1..<Swift.max(count, 1) where input[column + c] > input[column + chosen] { chosen = c }
                point[d] = Double(chosen)
            } else {
                point[d] = dimension.value(unit: input[column])
            }
        }
        return point
    }
}
