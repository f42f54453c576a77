import MLCore

extension SVDPlusPlus: IncrementalModel {
    /// SGD passes over the new rows mixed with the replay sample, user by
    /// user, from the fitted parameters; each user's implicit set I_u gains
    /// the items of the batch. The global mean becomes the mean of every rating seen.
    /// A diverging pass follows `on_divergence` as a fit does.
    public func update(
        _ fitted: Fitted, with batch: UpdateBatch, replay: ReplaySample, options: UpdateOptions, seed: UInt64
    ) throws -> Fitted {
        let kind = Self.kind, p = parameters
        let rate = options.rate(fittedWith: p.learningRate)
        try require(rate > 0, kind: kind, "update learning rate must be positive, got \(rate)")
        let new = batch.ratings
        var generator = SeededGenerator(seed: seed, label: "\(kind).update")
        var state = fitted.state
        state.userFactors.grow(to: new.userCount, mean: p.initMean, deviation: p.initDeviation, generator: &generator)
        state.itemFactors.grow(to: new.itemCount, mean: p.initMean, deviation: p.initDeviation, generator: &generator)
        state.implicitFactors.grow(
            to: new.itemCount, mean: p.initMean, deviation: p.initDeviation, generator: &generator)
        state.userBias += [Float](repeating: 0, count: new.userCount - state.userBias.count)
        state.itemBias += [Float](repeating: 0, count: new.itemCount - state.itemBias.count)

        let implicit = appendedLists(
            offsets: fitted.implicitOffsets, members: fitted.implicitItems, rowCount: new.userCount,
            rows: new.users, newMembers: new.items)
        let earlier = fitted.implicitItems.count
        let globalMean = (fitted.mean * Double(earlier) + new.values.reduce(0, +)) / Double(earlier + new.count)
        let rows = updateRows(batch, replay: replay)
        let train = groupedByRow(rows.users, members: rows.items, values: rows.values, rowCount: new.userCount)
        var runner = EpochRunner(kind: kind, epochs: options.epochs, observer: nil)
        runner.divergence = p.onDivergence
        let (losses, report) = try runner.run(
            state: &state, learningRate: rate,
            epoch: { state, rate in
                state.epoch(
                    trainOffsets: train.offsets, trainItems: train.members, values: train.values,
                    implicitOffsets: implicit.offsets, implicitItems: implicit.members, mean: Float(globalMean),
                    rate: Float(rate), reg: Float(p.reg))
            },
            isFinite: \.isFinite, likelyCause: { learningRateHint($0, default: p.learningRate) },
            current: { _, _ in fitted })
        var updated = Fitted(
            state: state, mean: globalMean, implicitOffsets: implicit.offsets, implicitItems: implicit.members,
            knownItems: fitted.knownItems.adding(new.items, size: new.itemCount), epochLosses: losses,
            scale: fitted.scale)
        updated.trainingReport = report
        return updated
    }
}

/// Row lists (`offsets` into `members`) grown to `rowCount` rows, each row's
/// new members (`newMembers[k]` for row `rows[k]`) appended after its old ones.
func appendedLists(
    offsets: [Int], members: [Int32], rowCount: Int, rows: [Int32], newMembers: [Int32]
) -> (offsets: [Int], members: [Int32]) {
    let oldRows = offsets.count - 1
    var sizes = [Int](repeating: 0, count: rowCount)
    for row in 0..<oldRows { sizes[row] = offsets[row + 1] - offsets[row] }
    for row in rows { sizes[Int(row)] += 1 }
    var grown = [Int](repeating: 0, count: rowCount + 1)
    for row in 0..<rowCount { grown[row + 1] = grown[row] + sizes[row] }
    var merged = [Int32](repeating: 0, count: grown[rowCount])
    var next = grown
    for row in 0..<oldRows {
        for k in offsets[row]..<offsets[row + 1] {
            merged[next[row]] = members[k]
            next[row] += 1
        }
    }
    for k in rows.indices {
        let row = Int(rows[k])
        merged[next[row]] = newMembers[k]
        next[row] += 1
    }
    return (grown, merged)
}

/// Rows grouped by `keys` (a stable counting sort): offsets, members and values.
func groupedByRow(
    _ keys: [Int32], members: [Int32], values: [Float], rowCount: Int
) -> (offsets: [Int], members: [Int32], values: [Float]) {
    var offsets = [Int](repeating: 0, count: rowCount + 1)
    for key in keys { offsets[Int(key) + 1] += 1 }
    for row in 0..<rowCount { offsets[row + 1] += offsets[row] }
    var next = offsets
    var groupedMembers = [Int32](repeating: 0, count: keys.count)
    var groupedValues = [Float](repeating: 0, count: keys.count)
    for k in keys.indices {
        let row = Int(keys[k])
        groupedMembers[next[row]] = members[k]
        groupedValues[next[row]] = values[k]
        next[row] += 1
    }
    return (offsets, groupedMembers, groupedValues)
}
