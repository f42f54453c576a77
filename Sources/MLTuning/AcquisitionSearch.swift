import MLCore

/// Maximises log expected improvement of a fitted process over the unit cube.
///
/// 1. Scores a pool of `candidates` points (fewer past 64 trials): half low-discrepancy points (a fresh block of the search's
///    Sobol' sequence for each proposal), half Gaussian perturbations of the best observed points
///    at three scales.
/// 2. Picks the starts of the local searches: the best candidate, then the others by a roulette
///    over the candidates weighted by their EI (relative to the best's), without replacement, so
///    that the searches spread over the acquisition's modes instead of crowding the best one.
/// 3. Refines each start by box-constrained L-BFGS over the continuous and integer columns in
///    units of their length scales (which equalises the curvature across dimensions), then
///    tries the other values of each discrete dimension, and repeats while that changes the point.
struct AcquisitionSearch {
    let process: GaussianProcess
    let encoding: InputEncoding
    let best: Double
    let candidates: Int
    let refined: Int
    let sobol: SobolSequence
    /// Which block of the Sobol' sequence the pool takes.
    let block: Int

    /// The best new point found, or nil when every point tried was already seen.
    mutating func next(starts: [[Double]], avoiding seen: Set<Point>, generator: inout SeededGenerator) -> Point? {
        let columns = encoding.columns
        let space = encoding.space
        // Scoring costs O(n²) a candidate: past 64 trials the pool shrinks as the history grows.
        let n = process.count
        let m = Swift.max(n > 64 ? candidates * 64 / n : candidates, 1)
        let pool = DoubleBuffer(count: m * columns)
        var unit = [Double](repeating: 0, count: space.count)
        let scales = [0.2, 0.05, 0.01]
        for k in 0..<m {
            if k % 2 == 0 || starts.isEmpty {
                sobol.point(block * 4096 + (k / 2) % 4096, into: &unit)
            } else {
                let start = starts[(k / 2) % starts.count]
                let scale = scales[(k / 2 / starts.count) % scales.count]
                let point = encoding.decode(start)
                for (d, dimension) in space.dimensions.enumerated() {
                    if let values = dimension.valueCount, dimension.isCategorical {
                        let switchTo = generator.nextUnit() < 0.2 ? generator.nextInt(below: values) : Int(point[d])
                        unit[d] = (Double(switchTo) + 0.5) / Double(values)
                    } else {
                        unit[d] = Self.reflect(dimension.unit(value: point[d]) + scale * generator.nextGaussian())
                    }
                }
            }
            encoding.encode(space.point(unit: unit), into: pool.base + k * columns)
        }
        let mean = DoubleBuffer(count: m)
        let variance = DoubleBuffer(count: m)
        process.predict(pool.base, count: m, mean: mean.base, variance: variance.base)
        var scores = [Double](repeating: -.infinity, count: m)
        var top = 0
        for k in 0..<m {
            let score = ExpectedImprovement.logEI(mean: mean.base[k], deviation: variance.base[k].squareRoot(), best: best).value
            scores[k] = score.isNaN ? -.infinity : score
            if scores[k] > scores[top] { top = k }
        }
        let chosen = Self.roulette(scores, first: top, count: refined, generator: &generator)

        var objective = NegativeLogEI(process: process, best: best, encoding: encoding)
        var finalists: [(score: Double, point: Point)] = []
        for k in chosen {
            finalists.append(refine(Array(UnsafeBufferPointer(start: pool.base + k * columns, count: columns)), &objective))
            finalists.append((scores[k], decode(pool, k)))
        }
        finalists.sort { $0.score > $1.score }
        if let chosen = finalists.first(where: { !seen.contains($0.point) }) { return chosen.point }
        let order = (0..<m).sorted { (scores[$0], $1) > (scores[$1], $0) }
        for k in order where !seen.contains(decode(pool, k)) { return decode(pool, k) }
        return nil
    }

    /// `first`, then up to `count − 1` other indices drawn without replacement with weights
    /// exp(score − max score); candidates with no weight left are never drawn.
    static func roulette(_ scores: [Double], first: Int, count: Int, generator: inout SeededGenerator) -> [Int] {
        guard count > 0, scores.indices.contains(first) else { return [] }
        let top = scores[first]
        var weights = scores.map { $0.isFinite ? Math.exp($0 - top) : 0 }
        weights[first] = 0
        var chosen = [first]
        while chosen.count < count {
            // Summed afresh each time: subtracting the drawn weights would leave rounding residue.
            let total = weights.reduce(0, +)
            guard total > 0 else { break }
            var target = generator.nextUnit() * total
            var pick = -1
            for (k, weight) in weights.enumerated() where weight > 0 {
                pick = k
                target -= weight
                if target < 0 { break }
            }
            guard pick >= 0 else { break }
            chosen.append(pick)
            weights[pick] = 0
        }
        return chosen
    }

    /// L-BFGS over the non-categorical columns, then a pass over the discrete dimensions,
    /// alternately until the discrete pass changes nothing (at most three rounds).
    private func refine(_ start: [Double], _ objective: inout NegativeLogEI) -> (score: Double, point: Point) {
        var minimizer = BoxMinimizer()
        minimizer.maximumIterations = 50
        minimizer.gradientTolerance = 1e-6
        var z = [Double](repeating: 0, count: encoding.columns)
        var point = encoding.decode(start)
        var score = -Double.infinity
        for _ in 0..<3 {
            var x = [Double](repeating: 0, count: encoding.columns)
            x.withUnsafeMutableBufferPointer { if let base = $0.baseAddress { encoding.encode(point, into: base) } }
            for c in 0..<encoding.columns { z[c] = x[c] / objective.scale[c] }
            objective.pinCategorical(z)
            minimizer.minimize(&objective, x: &z, lower: objective.lower, upper: objective.upper)
            for c in 0..<encoding.columns { x[c] = z[c] * objective.scale[c] }
            point = x.withUnsafeBufferPointer { buffer in buffer.baseAddress.map(encoding.decode) ?? point }
            let polished = polish(point, objective: &objective)
            let changed = polished.point != point
            point = polished.point
            score = polished.score
            if !changed { break }
        }
        return (score, point)
    }

    private func decode(_ pool: DoubleBuffer, _ k: Int) -> Point { encoding.decode(pool.base + k * encoding.columns) }

    /// One pass over the discrete dimensions: each integer tries its neighbours, each categorical
    /// its other values; improvements are kept.
    private func polish(_ start: Point, objective: inout NegativeLogEI) -> (score: Double, point: Point) {
        var point = start
        var score = objective.score(point)
        for (d, dimension) in encoding.space.dimensions.enumerated() {
            var options: [Double] = []
            switch dimension {
            case .uniform, .logUniform: continue
            case .integer(let low, let high, _):
                options = [point[d] - 1, point[d] + 1].filter { $0 >= Double(low) && $0 <= Double(high) }
            case .categorical(let count):
                options = (0..<count).map(Double.init).filter { $0 != point[d] }
            }
            for option in options {
                var trial = point
                trial[d] = option
                let trialScore = objective.score(trial)
                if trialScore > score {
                    score = trialScore
                    point = trial
                }
            }
        }
        return (score, point)
    }

    static func reflect(_ u: Double) -> Double {
        var v = u
        for _ in 0..<4 where v < 0 || v > 1 { v = v < 0 ? -v : 2 - v }
        return Swift.min(Swift.max(v, 0), 1)
    }
}

/// −log EI for `BoxMinimizer`, in scaled coordinates `z = x / scale`: each continuous or
/// integer column is measured in its length scale; categorical columns are held where they
/// start (equal bounds).
struct NegativeLogEI: BoxObjective {
    let process: GaussianProcess
    let best: Double
    let encoding: InputEncoding
    /// The length scale of each non-categorical column, 1 for categorical ones.
    let scale: [Double]
    /// Bounds in scaled coordinates; categorical columns get theirs per start.
    private(set) var lower: [Double]
    private(set) var upper: [Double]
    private let categorical: [Bool]
    private let point: DoubleBuffer
    private let gradient: DoubleBuffer

    init(process: GaussianProcess, best: Double, encoding: InputEncoding) {
        self.process = process
        self.best = best
        self.encoding = encoding
        var scale = [Double](repeating: 1, count: process.columns)
        var categorical = [Bool](repeating: false, count: process.columns)
        for c in 0..<process.columns {
            let weight = process.columnWeights.base[c]
            categorical[c] = encoding.space.dimensions[encoding.dimensionOfColumn[c]].isCategorical
            if !categorical[c] && weight > 0 && weight.isFinite { scale[c] = 1 / weight.squareRoot() }
        }
        self.scale = scale
        lower = [Double](repeating: 0, count: process.columns)
        upper = scale.map { 1 / $0 }
        for c in 0..<process.columns where categorical[c] { upper[c] = 0 }
        point = DoubleBuffer(count: process.columns)
        gradient = DoubleBuffer(count: process.columns)
        self.categorical = categorical
    }

    /// Pins the categorical columns at the values of `z` for the next minimisation.
    mutating func pinCategorical(_ z: [Double]) {
        for c in 0..<z.count where categorical[c] {
            lower[c] = z[c]
            upper[c] = z[c]
        }
    }

    mutating func evaluate(_ z: UnsafeBufferPointer<Double>, gradient out: UnsafeMutableBufferPointer<Double>) -> Double {
        guard let outBase = out.baseAddress else { return .nan }
        let x = point.base
        for c in 0..<process.columns { x[c] = z[c] * scale[c] }
        let value = process.logExpectedImprovement(at: x, best: best, gradient: outBase)
        for c in 0..<process.columns { outBase[c] = -outBase[c] * scale[c] }
        return -value
    }

    /// log EI at a point.
    func score(_ point: Point) -> Double {
        encoding.encode(point, into: self.point.base)
        return process.logExpectedImprovement(at: self.point.base, best: best, gradient: gradient.base)
    }
}
