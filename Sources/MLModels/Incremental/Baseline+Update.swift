import MLCore

extension Baseline: IncrementalModel {
    /// SGD passes on the biases over the new rows mixed with the replay
    /// sample, whatever the fit's method: an ALS sweep needs every rating of a
    /// user, which the state does not keep. Uses `reg` and the learning rate
    /// of the SGD method. The global mean becomes the mean of every rating seen.
    /// A diverging pass follows `on_divergence` as a fit does.
    public func update(
        _ fitted: Fitted, with batch: UpdateBatch, replay: ReplaySample, options: UpdateOptions, seed: UInt64
    ) throws -> Fitted {
        let kind = Self.kind, p = parameters
        let rate = options.rate(fittedWith: p.learningRate)
        try require(rate > 0, kind: kind, "update learning rate must be positive, got \(rate)")
        let new = batch.ratings
        var biases = fitted.biases
        biases.user += [Double](repeating: 0, count: new.userCount - biases.user.count)
        biases.item += [Double](repeating: 0, count: new.itemCount - biases.item.count)
        let earlier = fitted.knownUsers.total
        biases.globalMean = (biases.globalMean * Double(earlier) + new.values.reduce(0, +)) / Double(earlier + new.count)
        let rows = updateRows(batch, replay: replay)
        var runner = EpochRunner(kind: kind, epochs: options.epochs, observer: nil)
        runner.divergence = p.onDivergence
        let (_, report) = try runner.run(
            state: &biases, learningRate: rate,
            epoch: { biases, rate in
                var loss = 0.0
                let mean = biases.globalMean
                for row in rows.values.indices {
                    let u = Int(rows.users[row]), i = Int(rows.items[row])
                    let error = Double(rows.values[row]) - (mean + biases.user[u] + biases.item[i])
                    loss += error * error
                    biases.user[u] += rate * (error - p.reg * biases.user[u])
                    biases.item[i] += rate * (error - p.reg * biases.item[i])
                }
                return loss
            },
            isFinite: { allFinite($0.user) && allFinite($0.item) },
            likelyCause: { learningRateHint($0, default: p.learningRate) }, current: { _, _ in fitted })
        var updated = Fitted(
            biases: biases, knownUsers: fitted.knownUsers.adding(new.users, size: new.userCount),
            knownItems: fitted.knownItems.adding(new.items, size: new.itemCount), scale: fitted.scale)
        updated.trainingReport = report
        return updated
    }
}
