// The neighbourhood models keep their ratings. knn keeps its sparse rows as
// they are (row offsets, neighbours, similarities); slope-one's pair matrices
// are symmetric (co-rating counts) or antisymmetric (deviations), so only the
// cells above the diagonal are stored.

extension NearestNeighbours.Fitted: PersistentPredictor {
    public func encode(to writer: inout ArtifactWriter) {
        parameters.encode(to: &writer)
        index.encode(to: &writer)
        writer.write(biases.globalMean)
        writer.write(biases.user)
        writer.write(biases.item)
        writer.write(similarities.offsets)
        writer.write(similarities.neighbours)
        writer.write(similarities.values)
        writer.write(scale)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        let parameters = try NearestNeighbours.Parameters(decoding: &reader)
        let index = try RatingIndex(decoding: &reader)
        let biases = BaselineBiases(
            globalMean: try reader.readDouble(), user: try reader.readDoubles(), item: try reader.readDoubles())
        try reader.expect(
            biases.user.count == index.userCount && biases.item.count == index.itemCount,
            "knn biases and ratings disagree in size")
        let sides = NeighbourhoodSides(index: index, biases: biases, axis: parameters.on)
        let n = sides.xCount
        let offsets = try reader.readInts(), neighbours = try reader.readInt32s(), values = try reader.readDoubles()
        try reader.expect(offsets.count == n + 1 && offsets.first == 0, "knn similarity rows do not match \(n) entities")
        for x in 0..<n {
            try reader.expect(
                offsets[x] <= offsets[x + 1] && offsets[x + 1] - offsets[x] < max(1, n),
                "knn similarity row \(x) has a bad length")
        }
        try reader.expect(
            neighbours.count == offsets[n] && values.count == offsets[n], "knn similarity rows do not match their lengths")
        for x in 0..<n {
            let row = offsets[x]..<offsets[x + 1]
            for m in row {
                try reader.expect(
                    neighbours[m] >= 0 && Int(neighbours[m]) < n && Int(neighbours[m]) != x
                        && (m == row.lowerBound || neighbours[m - 1] < neighbours[m]),
                    "knn similarity row \(x) is not an ascending list of other entities")
            }
        }
        self.init(
            parameters: parameters, sides: sides,
            similarities: SimilarityMatrix(count: n, offsets: offsets, neighbours: neighbours, values: values),
            biases: biases, index: index, scale: try reader.readRange())
    }
}

extension SlopeOne.Fitted: PersistentPredictor {
    public func encode(to writer: inout ArtifactWriter) {
        index.encode(to: &writer)
        writer.write(upperTriangle(frequency, count: index.itemCount))
        writer.write(upperTriangle(deviation, count: index.itemCount))
        writer.write(userMeans)
        writer.write(itemMeans)
        writer.write(scale)
    }

    public init(decoding reader: inout ArtifactReader) throws(ModelArtifactError) {
        let index = try RatingIndex(decoding: &reader)
        let n = index.itemCount, pairs = n * (n - 1) / 2
        let frequency = try reader.readInt32s(), deviation = try reader.readDoubles()
        let userMeans = try reader.readDoubles(), itemMeans = try reader.readDoubles()
        try reader.expect(
            frequency.count == pairs && deviation.count == pairs && userMeans.count == index.userCount
                && itemMeans.count == n,
            "slope-one matrices do not match \(n) items")
        self.init(
            index: index, frequency: fullMatrix(upper: frequency, count: n, diagonal: 0, mirror: { $0 }),
            deviation: fullMatrix(upper: deviation, count: n, diagonal: 0, mirror: { -$0 }),
            userMeans: userMeans, itemMeans: itemMeans, scale: try reader.readRange())
    }
}

/// The cells (a, b) with a < b of a row-major `count` × `count` matrix, row by row.
func upperTriangle<T>(_ matrix: [T], count n: Int) -> [T] {
    var cells: [T] = []
    cells.reserveCapacity(n * (n - 1) / 2)
    for a in 0..<n { cells.append(contentsOf: matrix[(a * n + a + 1)..<(a * n + n)]) }
    return cells
}

/// The full matrix from its upper triangle: `mirror` gives cell (b, a) from (a, b).
func fullMatrix<T>(upper: [T], count n: Int, diagonal: T, mirror: (T) -> T) -> [T] {
    var matrix = [T](repeating: diagonal, count: max(1, n * n))
    var next = 0
    for a in 0..<n {
        for b in (a + 1)..<n {
            matrix[a * n + b] = upper[next]
            matrix[b * n + a] = mirror(upper[next])
            next += 1
        }
    }
    return matrix
}
