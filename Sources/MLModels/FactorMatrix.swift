import MLCore

/// Latent factors for `rows` users or items, stored row-major in 8-lane chunks
/// so that dot products and updates run on SIMD registers. Lanes past `factors`
/// are zero and stay zero under every update the models make.
struct FactorMatrix: Sendable {
    typealias Chunk = SIMD8<Float>

    private(set) var rows: Int
    let factors: Int
    /// Chunks per row.
    let stride: Int
    var storage: [Chunk]

    init(rows: Int, factors: Int) {
        self.rows = rows
        self.factors = factors
        stride = (factors + Chunk.scalarCount - 1) / Chunk.scalarCount
        storage = [Chunk](repeating: .zero, count: rows * stride)
    }

    /// Fills the real lanes, row by row, with normal(mean, deviation) draws.
    mutating func fillNormal(mean: Double, deviation: Double, generator: inout SeededGenerator) {
        let lanes = Chunk.scalarCount
        for row in 0..<rows {
            for factor in 0..<factors {
                let value = Float(mean + deviation * generator.nextGaussian())
                storage[row * stride + factor / lanes][factor % lanes] = value
            }
        }
    }

    /// Appends rows up to `rows`, filled as at fit time with normal(mean, deviation) draws.
    mutating func grow(to rows: Int, mean: Double, deviation: Double, generator: inout SeededGenerator) {
        guard rows > self.rows else { return }
        var added = FactorMatrix(rows: rows - self.rows, factors: factors)
        added.fillNormal(mean: mean, deviation: deviation, generator: &generator)
        storage.append(contentsOf: added.storage)
        self.rows = rows
    }

    /// Row `row` as plain floats (tests, export).
    func row(_ row: Int) -> [Float] {
        (0..<factors).map { storage[row * stride + $0 / Chunk.scalarCount][$0 % Chunk.scalarCount] }
    }

    var isFinite: Bool {
        storage.withUnsafeBufferPointer { buffer in
            var probe = Chunk.zero
            for chunk in buffer { probe += chunk * 0 }
            return !probe.sum().isNaN
        }
    }
}

/// The dot product of two rows of `stride` chunks, summed in a fixed order.
@inline(__always)
func dot(_ a: UnsafeMutablePointer<SIMD8<Float>>, _ b: UnsafeMutablePointer<SIMD8<Float>>, stride: Int) -> Float {
    var sum = SIMD8<Float>.zero
    for c in 0..<stride { sum += a[c] * b[c] }
    return sum.sum()
}

/// Known users or items: those with at least one training rating. Keeps the
/// counts, which updates weigh earlier ratings by.
struct KnownIndices: Sendable {
    var counts: [Int32]

    /// The counts grown to `size` entries (zero for the new ones) plus one per occurrence in `indices`.
    func adding(_ indices: [Int32], size: Int) -> KnownIndices {
        var counts = self.counts
        if size > counts.count { counts += [Int32](repeating: 0, count: size - counts.count) }
        for index in indices { counts[Int(index)] += 1 }
        return KnownIndices(counts: counts)
    }

    var total: Int { counts.reduce(0) { $0 + Int($1) } }

    init(offsets: [Int]) {
        counts = (0..<(offsets.count - 1)).map { Int32(offsets[$0 + 1] - offsets[$0]) }
    }

    init(counts: [Int32]) { self.counts = counts }

    @inline(__always) func contains(_ index: Int32) -> Bool {
        index >= 0 && Int(index) < counts.count && counts[Int(index)] > 0
    }
}

extension FactorMatrix {
    /// The real lanes, `factors` per row, row-major.
    var flat: [Float] {
        var values = [Float](repeating: 0, count: rows * factors)
        let lanes = Chunk.scalarCount
        for row in 0..<rows {
            for factor in 0..<factors { values[row * factors + factor] = storage[row * stride + factor / lanes][factor % lanes] }
        }
        return values
    }

    /// Sets the real lanes from `values`, `factors` per row, row-major.
    mutating func setFlat(_ values: [Float]) {
        precondition(values.count == rows * factors, "expected \(rows * factors) values")
        let lanes = Chunk.scalarCount
        for row in 0..<rows {
            for factor in 0..<factors { storage[row * stride + factor / lanes][factor % lanes] = values[row * factors + factor] }
        }
    }
}
