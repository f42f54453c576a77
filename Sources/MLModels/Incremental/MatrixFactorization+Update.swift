import MLCore

extension MatrixFactorization: IncrementalModel {
    /// SGD passes over the new rows mixed with the replay sample, from the
    /// fitted factors. The global mean becomes the mean of every rating seen.
    /// A diverging pass follows `on_divergence` as a fit does: run again from
    /// the state before it at half the rate (noted in the training report), or fail.
    public func update(
        _ fitted: Fitted, with batch: UpdateBatch, replay: ReplaySample, options: UpdateOptions, seed: UInt64
    ) throws -> Fitted {
        let kind = Self.kind, p = parameters
        let rate = options.rate(fittedWith: p.learningRate)
        try require(rate > 0, kind: kind, "update learning rate must be positive, got \(rate)")
        let new = batch.ratings
        var generator = SeededGenerator(seed: seed, label: "\(kind).update")
        var state = fitted.state
        state.userFactors.grow(
            to: new.userCount, mean: p.initMean, deviation: p.initDeviation, generator: &generator)
        state.itemFactors.grow(
            to: new.itemCount, mean: p.initMean, deviation: p.initDeviation, generator: &generator)
        state.userBias += [Float](repeating: 0, count: new.userCount - state.userBias.count)
        state.itemBias += [Float](repeating: 0, count: new.itemCount - state.itemBias.count)

        let earlier = fitted.knownUsers.total
        var sum = 0.0
        for value in new.values { sum += value }
        let globalMean = (fitted.mean * Double(earlier) + sum) / Double(earlier + new.count)
        let mean = p.biased ? globalMean : 0
        let blocks = updateBlocks(batch, replay: replay, strata: p.strata)
        var runner = EpochRunner(kind: kind, epochs: options.epochs, observer: nil)
        runner.divergence = p.onDivergence
        let (losses, report) = try runner.run(
            state: &state, learningRate: rate,
            epoch: { state, rate in
                Self.epoch(
                    blocks: blocks, userFactors: &state.userFactors, itemFactors: &state.itemFactors,
                    userBias: &state.userBias, itemBias: &state.itemBias,
                    mean: Float(mean), rate: Float(rate), reg: Float(p.reg), biased: p.biased)
            },
            isFinite: \.isFinite, likelyCause: { learningRateHint($0, default: p.learningRate) },
            current: { _, _ in fitted })
        return Fitted(
            mean: globalMean, biased: p.biased, state: state,
            knownUsers: fitted.knownUsers.adding(new.users, size: new.userCount),
            knownItems: fitted.knownItems.adding(new.items, size: new.itemCount),
            epochLosses: losses, scale: fitted.scale, trainingReport: report)
    }
}
