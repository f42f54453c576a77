import MLCore

/// Gaussian-process Bayesian optimisation.
///
/// - Model: GP regression with a Matérn 5/2 kernel and one length scale per dimension (ARD);
///   inputs in the unit cube (log dimensions in log space, integers at the centre of their
///   value's bin, categoricals one-hot), outputs standardised; length scales, signal and noise
///   variances by maximum a-posteriori marginal likelihood (L-BFGS, see `MarginalLikelihood` for
///   the weak priors), refitted less often as the history grows and warm-started from the
///   previous refit (`KernelFitSchedule`). Between refits the kernel factor of the previous
///   proposal is extended by the new rows instead of being recomputed.
/// - Acquisition: log expected improvement, maximised by `AcquisitionSearch`: a scored pool of
///   Sobol' points and perturbations of the best observed points, local searches from the best
///   one and from others drawn by their EI, by L-BFGS in length-scale units (integers relaxed,
///   then rounded) alternating with passes over the discrete dimensions' values.
/// - Initial design: the first `initial` points of a scrambled Sobol' sequence (also used while
///   fewer than two trials have succeeded).
/// - Batches (`count > 1`): the constant-liar heuristic: each chosen point joins the model with
///   the lowest observed value until the batch is full (hyper-parameters are not refitted).
/// - Failed trials (nil or non-finite values) join the model with the worst observed value,
///   which steers the search away from them; no proposal repeats a point of the history or of
///   the batch.
///
/// Every draw comes from the seed and `history.count`, and what is kept between proposals
/// (`FitMemory`) is only ever what recomputing it would give, so proposals are bit-reproducible
/// from the history alone.
public struct BayesianOptimization: SearchStrategy {
    public let space: SearchSpace
    public let seed: UInt64
    public let initial: Int
    /// Candidates scored before the local searches (scaled down by 64/n past n = 64 trials).
    public var candidates = 2048
    /// Local searches of the acquisition, from the best candidate and others drawn by their EI.
    public var refined = 10
    let encoding: InputEncoding
    private let sobol: SobolSequence
    var schedule = KernelFitSchedule()
    /// Fits and factors computed for earlier proposals of the same history, reused when they
    /// apply (the results are the same either way).
    private let memory = FitMemory()

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
        let parameters = kernelParameters(for: history, model: model)
        guard
            let process = GaussianProcess(
                inputs: model.inputs, targets: model.targets, encoding: encoding, parameters: parameters,
                capacity: history.count + count, extending: memory.factor(valid: history, parameters: parameters))
        else {
            // The kernel matrix could not be factored: fall back to the Sobol' sequence.
            while proposals.count < count { proposals.append(space.point(unit: sobol.point(history.count + proposals.count))) }
            return proposals
        }
        memory.remember(factor: process.snapshot, history: history)
        var seen = Set(history.map(\.point))
        var encoded = [Double](repeating: 0, count: encoding.columns)
        for point in proposals {
            seen.insert(point)
            encoded.withUnsafeMutableBufferPointer { if let base = $0.baseAddress { encoding.encode(point, into: base) } }
            _ = process.append(input: encoded, target: model.lowest)
        }
        var search = AcquisitionSearch(
            process: process, encoding: encoding, best: model.lowest, candidates: candidates, refined: refined, sobol: sobol,
            block: history.count + 1)
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

    /// The refit's hyper-parameters (see `KernelFitSchedule`), or a fit on `model` when the
    /// refit's trials had too few successes.
    private func kernelParameters(for history: [Observation], model: Model) -> KernelParameters {
        let scheduled = schedule.parameters(for: history, memory: memory, seed: seed, encoding: encoding) { s in
            let prefix = Array(history.prefix(s))
            guard prefix.reduce(0, { $0 + ($1.finiteValue == nil ? 0 : 1) }) >= 2 else { return nil }
            return Model(history: prefix, encoding: encoding)
        }
        if let scheduled { return scheduled.parameters }
        var generator = Streams.generator(seed: seed, "kernel fit", index: history.count)
        return schedule.fit.fit(
            inputs: model.inputs, targets: model.targets, encoding: encoding, warmStart: nil,
            randomStarts: schedule.anchorRandomStarts, generator: &generator)
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
