import MLCore

/// Gaussian-process Bayesian optimisation.
///
/// - Model: GP regression with a Matérn 5/2 kernel and one length scale per dimension (ARD);
///   inputs in the unit cube (log dimensions in log space, integers at the centre of their
///   value's bin, categoricals one-hot), outputs standardised; length scales, signal and noise
///   variances by maximum a-posteriori marginal likelihood (L-BFGS from a default start and
///   seeded restarts; see `MarginalLikelihood` for the weak priors).
/// - Acquisition: log expected improvement, maximised over random candidates and perturbations
///   of the best observed points, the best few refined by box-constrained L-BFGS (integers
///   relaxed, then rounded), then one pass over each discrete dimension's neighbouring values.
/// - Initial design: the first `initial` points of a scrambled Sobol' sequence (also used while
///   fewer than two trials have succeeded).
/// - Batches (`count > 1`): the constant-liar heuristic: each chosen point joins the model with
///   the lowest observed value until the batch is full (hyper-parameters are not refitted).
/// - Failed trials (nil or non-finite values) join the model with the worst observed value,
///   which steers the search away from them; no proposal repeats a point of the history or of
///   the batch.
///
/// Every draw comes from the seed and `history.count`, so proposals are bit-reproducible.
public struct BayesianOptimization: SearchStrategy {
    public let space: SearchSpace
    public let seed: UInt64
    public let initial: Int
    /// Random candidates scored before refinement.
    public var candidates = 1024
    /// Candidates refined by L-BFGS.
    public var refined = 5
    let encoding: InputEncoding
    private let sobol: SobolSequence
    var fit = KernelFit()

    public init(space: SearchSpace, seed: UInt64, initial: Int = 5) {
        self.space = space
        self.seed = seed
        self.initial = Swift.max(initial, 0)
        encoding = InputEncoding(space: space)
        sobol = SobolSequence(dimensions: space.count, scrambleSeed: seed)
    }

    public func propose(history: [Observation], count: Int) -> [Point] {
        guard count > 0 else { return [] }
        var proposals: [Point] = []
        let successes = history.reduce(0) { $0 + ($1.finiteValue == nil ? 0 : 1) }
        while proposals.count < count && (history.count + proposals.count < initial || successes < 2) {
            proposals.append(space.point(unit: sobol.point(history.count + proposals.count)))
        }
        guard proposals.count < count else { return proposals }

        var generator = Streams.generator(seed: seed, "bayesian optimization", index: history.count)
        let model = Model(history: history, encoding: encoding)
        let parameters = fit.fit(inputs: model.inputs, targets: model.targets, encoding: encoding, generator: &generator)
        guard
            let process = GaussianProcess(
                inputs: model.inputs, targets: model.targets, encoding: encoding, parameters: parameters,
                capacity: history.count + count)
        else {
            // The kernel matrix could not be factored: fall back to the Sobol' sequence.
            while proposals.count < count { proposals.append(space.point(unit: sobol.point(history.count + proposals.count))) }
            return proposals
        }
        var seen = Set(history.map(\.point))
        var encoded = [Double](repeating: 0, count: encoding.columns)
        for point in proposals {
            seen.insert(point)
            encoded.withUnsafeMutableBufferPointer { if let base = $0.baseAddress { encoding.encode(point, into: base) } }
            _ = process.append(input: encoded, target: model.lowest)
        }
        var search = AcquisitionSearch(
            process: process, encoding: encoding, best: model.lowest, candidates: candidates, refined: refined)
        while proposals.count < count {
            let point =
                search.next(starts: model.bestInputs, avoiding: seen, generator: &generator)
                ?? space.point(unit: RandomSearch.uniformUnit(space.count, seed: seed, index: history.count + proposals.count))
            proposals.append(point)
            seen.insert(point)
            if proposals.count < count {
                encoded.withUnsafeMutableBufferPointer { if let base = $0.baseAddress { encoding.encode(point, into: base) } }
                _ = process.append(input: encoded, target: model.lowest)
            }
        }
        return proposals
    }

    /// The training data: encoded inputs and standardised targets, failed trials at the worst
    /// observed value.
    struct Model {
        var inputs: [Double]
        var targets: [Double]
        /// The lowest standardised target of a successful trial.
        var lowest: Double
        /// Encoded inputs of the best few successful trials, best first.
        var bestInputs: [[Double]]

        init(history: [Observation], encoding: InputEncoding) {
            let n = history.count
            let columns = encoding.columns
            inputs = [Double](repeating: 0, count: n * columns)
            inputs.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                for (i, observation) in history.enumerated() { encoding.encode(observation.point, into: base + i * columns) }
            }
            var worst = -Double.infinity
            for observation in history {
                if let value = observation.finiteValue { worst = Swift.max(worst, value) }
            }
            let raw = history.map { $0.finiteValue ?? worst }
            let mean = raw.reduce(0, +) / Double(Swift.max(n, 1))
            var squares = 0.0
            for value in raw { squares += (value - mean) * (value - mean) }
            let deviation = (squares / Double(Swift.max(n, 1))).squareRoot()
            let scale = deviation > 0 && deviation.isFinite ? deviation : 1
            let standardised = raw.map { ($0 - mean) / scale }
            let encoded = inputs
            let ranked = history.indices.filter { history[$0].finiteValue != nil }
                .sorted { (raw[$0], $0) < (raw[$1], $1) }
            targets = standardised
            lowest = ranked.first.map { standardised[$0] } ?? 0
            bestInputs = ranked.prefix(5).map { i in Array(encoded[(i * columns)..<((i + 1) * columns)]) }
        }
    }
}

/// Maximises log expected improvement of a fitted process over the unit cube.
struct AcquisitionSearch {
    let process: GaussianProcess
    let encoding: InputEncoding
    let best: Double
    let candidates: Int
    let refined: Int

    /// The best new point found, or nil when every point tried was already seen.
    mutating func next(starts: [[Double]], avoiding seen: Set<Point>, generator: inout SeededGenerator) -> Point? {
        let columns = encoding.columns
        let space = encoding.space
        let m = Swift.max(candidates, 1)
        // Candidates: half uniform, half around the best observed points at three scales.
        let pool = DoubleBuffer(count: m * columns)
        var unit = [Double](repeating: 0, count: space.count)
        for k in 0..<m {
            if k % 2 == 0 || starts.isEmpty {
                for d in 0..<space.count { unit[d] = generator.nextUnit() }
            } else {
                let start = starts[(k / 2) % starts.count]
                let scale = [0.2, 0.05, 0.01][(k / 2 / starts.count) % 3]
                let point = encoding.decode(start)
                for (d, dimension) in space.dimensions.enumerated() {
                    let centre = dimension.unit(value: point[d])
                    if let values = dimension.valueCount, dimension.isCategorical {
                        let switchTo = generator.nextUnit() < 0.2 ? generator.nextInt(below: values) : Int(point[d])
                        unit[d] = (Double(switchTo) + 0.5) / Double(values)
                    } else {
                        unit[d] = Self.reflect(centre + scale * generator.nextGaussian())
                    }
                }
            }
            encoding.encode(space.point(unit: unit), into: pool.base + k * columns)
        }
        let mean = DoubleBuffer(count: m)
        let variance = DoubleBuffer(count: m)
        process.predict(pool.base, count: m, mean: mean.base, variance: variance.base)
        var scores = [Double](repeating: 0, count: m)
        for k in 0..<m {
            let score = ExpectedImprovement.logEI(mean: mean.base[k], deviation: variance.base[k].squareRoot(), best: best).value
            scores[k] = score.isNaN ? -.infinity : score
        }
        let order = (0..<m).sorted { (scores[$0], $1) > (scores[$1], $0) }

        // Refine the best few; categorical columns stay fixed.
        var objective = NegativeLogEI(process: process, best: best)
        var minimizer = BoxMinimizer()
        minimizer.maximumIterations = 30
        minimizer.gradientTolerance = 1e-7
        var finalists: [(score: Double, point: Point)] = []
        var x = [Double](repeating: 0, count: columns)
        var lower = [Double](repeating: 0, count: columns)
        var upper = [Double](repeating: 1, count: columns)
        for k in order.prefix(refined) {
            for c in 0..<columns { x[c] = pool.base[k * columns + c] }
            for (d, dimension) in space.dimensions.enumerated() where dimension.isCategorical {
                let first = encoding.firstColumn[d]
                for c in first..<(first + (dimension.valueCount ?? 1)) {
                    lower[c] = x[c]
                    upper[c] = x[c]
                }
            }
            minimizer.minimize(&objective, x: &x, lower: lower, upper: upper)
            let point = encoding.decode(x)
            let polished = polish(point, objective: &objective)
            finalists.append(polished)
            finalists.append((scores[k], decode(pool, k)))
            for c in 0..<columns {
                lower[c] = 0
                upper[c] = 1
            }
        }
        finalists.sort { $0.score > $1.score }
        if let chosen = finalists.first(where: { !seen.contains($0.point) }) { return chosen.point }
        for k in order where !seen.contains(decode(pool, k)) { return decode(pool, k) }
        return nil
    }

    private func decode(_ pool: DoubleBuffer, _ k: Int) -> Point { encoding.decode(pool.base + k * encoding.columns) }

    /// One pass over the discrete dimensions: each integer tries its neighbours, each categorical
    /// its other values; improvements are kept.
    private func polish(_ start: Point, objective: inout NegativeLogEI) -> (score: Double, point: Point) {
        var point = start
        var score = objective.score(point, encoding: encoding)
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
                let trialScore = objective.score(trial, encoding: encoding)
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

/// −log EI for `BoxMinimizer`.
struct NegativeLogEI: BoxObjective {
    let process: GaussianProcess
    let best: Double
    private let encoded: DoubleBuffer
    private let gradient: DoubleBuffer

    init(process: GaussianProcess, best: Double) {
        self.process = process
        self.best = best
        encoded = DoubleBuffer(count: process.columns)
        gradient = DoubleBuffer(count: process.columns)
    }

    mutating func evaluate(_ x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        guard let base = x.baseAddress, let out = gradient.baseAddress else { return .nan }
        let value = process.logExpectedImprovement(at: base, best: best, gradient: out)
        for c in 0..<process.columns { out[c] = -out[c] }
        return -value
    }

    /// log EI at a point.
    func score(_ point: Point, encoding: InputEncoding) -> Double {
        encoding.encode(point, into: encoded.base)
        return process.logExpectedImprovement(at: encoded.base, best: best, gradient: gradient.base)
    }
}
