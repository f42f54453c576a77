import MLCore

/// The Sobol' low-discrepancy sequence in [0, 1)^d, 32 bits per coordinate, optionally
/// scrambled by Matoušek's linear matrix scramble followed by a random digital shift (the
/// scheme SciPy uses); scrambling keeps the net property (every elementary box of volume
/// 2^-m holds exactly one of the first 2^m points) and removes the point at the origin.
///
/// Points come in the Gray-code order of Antonov and Saleev, computed directly from the
/// index, so any point can be had without its predecessors. Dimensions past the
/// `SobolDirections.maximumDimensions` of the table get seeded uniform coordinates.
struct SobolSequence: Sendable {
    let dimensions: Int
    private let sobolDimensions: Int
    /// 32 direction numbers per dimension (scrambled when a seed is given), row-major.
    private let directions: [UInt32]
    private let shifts: [UInt32]
    private let seed: UInt64

    init(dimensions: Int, scrambleSeed: UInt64?) {
        self.dimensions = Swift.max(dimensions, 0)
        sobolDimensions = Swift.min(self.dimensions, SobolDirections.maximumDimensions)
        seed = scrambleSeed ?? 0
        var directions = [UInt32](repeating: 0, count: sobolDimensions * 32)
        var position = 0
        let table = SobolDirections.table
        for d in 0..<sobolDimensions {
            if d == 0 {
                for i in 0..<32 { directions[i] = 1 << (31 - i) }
                continue
            }
            let polynomial = table[position]
            let degree = 31 - polynomial.leadingZeroBitCount
            let inner = (polynomial >> 1) & ((1 << (degree - 1)) &- 1)
            for i in 0..<Swift.min(degree, 32) { directions[d * 32 + i] = table[position + 1 + i] << (31 - i) }
            position += 1 + degree
            if degree < 32 {
                for i in degree..<32 {
                    var v = directions[d * 32 + i - degree]
                    v ^= v >> UInt32(degree)
                    for k in 1..<degree where (inner >> (degree - 1 - k)) & 1 == 1 { v ^= directions[d * 32 + i - k] }
                    directions[d * 32 + i] = v
                }
            }
        }
        var shifts = [UInt32](repeating: 0, count: sobolDimensions)
        if let scrambleSeed {
            var generator = SeededGenerator(seed: scrambleSeed, label: "sobol scramble")
            for d in 0..<sobolDimensions {
                // Row r of a random lower-triangular binary matrix with a unit diagonal; digit r of
                // a number is its bit 31 - r, so row r may mix the digits 0...r.
                var rows = [UInt32](repeating: 0, count: 32)
                for r in 0..<32 {
                    let above: UInt32 = r == 0 ? 0 : ~((UInt32(1) << (32 - r)) &- 1)
                    rows[r] = (UInt32(1) << (31 - r)) | (UInt32(truncatingIfNeeded: generator.next()) & above)
                }
                for i in 0..<32 {
                    let v = directions[d * 32 + i]
                    var scrambled: UInt32 = 0
                    for r in 0..<32 where (rows[r] & v).nonzeroBitCount & 1 == 1 { scrambled |= 1 << (31 - r) }
                    directions[d * 32 + i] = scrambled
                }
                shifts[d] = UInt32(truncatingIfNeeded: generator.next())
            }
        }
        self.directions = directions
        self.shifts = shifts
    }

    /// Writes point `index` (0-based) into `unit[0..<dimensions]`.
    func point(_ index: Int, into unit: inout [Double]) {
        let gray = UInt64(truncatingIfNeeded: index) ^ (UInt64(truncatingIfNeeded: index) >> 1)
        for d in 0..<sobolDimensions {
            var x = shifts[d]
            var bits = gray
            var i = 0
            while bits != 0 && i < 32 {
                if bits & 1 == 1 { x ^= directions[d * 32 + i] }
                bits >>= 1
                i += 1
            }
            unit[d] = Double(x) * 0x1.0p-32
        }
        if sobolDimensions < dimensions {
            var generator = Streams.generator(seed: seed, "sobol extra dimensions", index: index)
            for d in sobolDimensions..<dimensions { unit[d] = generator.nextUnit() }
        }
    }

    /// Point `index` as a new array.
    func point(_ index: Int) -> [Double] {
        var unit = [Double](repeating: 0, count: dimensions)
        point(index, into: &unit)
        return unit
    }
}
