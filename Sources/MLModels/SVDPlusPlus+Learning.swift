import MLCore

/// `svdpp` with an optimizer, a loss or mini-batches other than per-rating
/// SGD on ½e². User by user, each user's ratings in batches of up to `batch`
/// (a batch never spans two users); the implicit sum Σ y_j is taken at the
/// start of each batch, and every y_j of the user's implicit set is updated
/// once per batch with the batch's gradient. As Surprise does, and unlike the
/// classic path's deferred update, this costs O(|I_u| · factors) per batch.
struct SVDPlusPlusTrainer {
    let parameters: SVDPlusPlus.Parameters
    let runner: EpochRunner
    let index: RatingIndex
    let values: [Float]
    let scale: ClosedRange<Double>

    static let userFactors = 0, itemFactors = 1, implicitFactors = 2, userBias = 3, itemBias = 4

    struct Body: UpdateRuleBody {
        let trainer: SVDPlusPlusTrainer
        let initial: SVDPlusPlus.State

        func run<Rule: UpdateRule>(_ rule: Rule) throws -> SVDPlusPlus.Fitted {
            try trainer.fit(rule, initial: initial)
        }
    }

    func arena(_ state: SVDPlusPlus.State) -> ParameterArena {
        let f = parameters.factors, users = state.userBias.count, items = state.itemBias.count
        var arena = ParameterArena(
            shapes: [(users, f), (items, f), (items, f), (users, 1), (items, 1)], slots: parameters.learning.optimizer.slots)
        arena.setValues(Self.userFactors, state.userFactors.flat)
        arena.setValues(Self.itemFactors, state.itemFactors.flat)
        arena.setValues(Self.implicitFactors, state.implicitFactors.flat)
        arena.setValues(Self.userBias, state.userBias)
        arena.setValues(Self.itemBias, state.itemBias)
        return arena
    }

    func state(_ arena: ParameterArena, like initial: SVDPlusPlus.State) -> SVDPlusPlus.State {
        var state = initial
        state.userFactors.setFlat(arena.values(Self.userFactors))
        state.itemFactors.setFlat(arena.values(Self.itemFactors))
        state.implicitFactors.setFlat(arena.values(Self.implicitFactors))
        state.userBias = arena.values(Self.userBias)
        state.itemBias = arena.values(Self.itemBias)
        return state
    }

    func fit<Rule: UpdateRule>(_ rule: Rule, initial: SVDPlusPlus.State) throws -> SVDPlusPlus.Fitted {
        var arena = arena(initial)
        var scratch = ArenaScratch(arena)
        var sums = [Float](repeating: 0, count: 2 * parameters.factors)
        let (losses, report) = try runner.run(
            state: &arena, learningRate: parameters.learningRate,
            epoch: { arena, rate in epoch(rule, arena: &arena, scratch: &scratch, sums: &sums, rate: Float(rate)) },
            isFinite: \.isFinite, likelyCause: { learningRateHint($0, default: parameters.learningRate) },
            current: { arena, losses in
                SVDPlusPlus.Fitted(state: state(arena, like: initial), index: index, epochLosses: losses, scale: scale)
            })
        var fitted = SVDPlusPlus.Fitted(state: state(arena, like: initial), index: index, epochLosses: losses, scale: scale)
        fitted.trainingReport = report
        return fitted
    }

    /// One pass; returns the sum of squared errors seen before each update.
    func epoch<Rule: UpdateRule>(
        _ rule: Rule, arena: inout ParameterArena, scratch: inout ArenaScratch, sums: inout [Float], rate: Float
    ) -> Double {
        var rule = rule, step = arena.step
        let f = parameters.factors, batch = parameters.learning.batch
        let reg = Float(parameters.reg), mean = Float(index.globalMean)
        let loss = parameters.learning.loss, delta = loss.delta
        var total = 0.0
        scratch.withHandle(&arena) { handle in
            index.userOffsets.withUnsafeBufferPointer { offsets in
                index.userItems.withUnsafeBufferPointer { items in
                    values.withUnsafeBufferPointer { values in
                        sums.withUnsafeMutableBufferPointer { sums in
                            guard let implicitSum = sums.baseAddress else { return }
                            // The data term of every y_j's gradient in the batch: Σ g · q_i / √|I_u|.
                            let implicitGradient = implicitSum + f
                            for u in 0..<(offsets.count - 1) {
                                let start = offsets[u], end = offsets[u + 1]
                                guard end > start else { continue }
                                let norm = 1 / Float(end - start).squareRoot()
                                var batchStart = start
                                while batchStart < end {
                                    let batchEnd = min(batchStart + batch, end)
                                    for c in 0..<f { implicitSum[c] = 0; implicitGradient[c] = 0 }
                                    for k in start..<end {
                                        let y = handle.row(Self.implicitFactors, Int(items[k]))
                                        for c in 0..<f { implicitSum[c] += y[c] }
                                    }
                                    let p = handle.row(Self.userFactors, u), bu = handle.row(Self.userBias, u)
                                    for k in batchStart..<batchEnd {
                                        let i = Int(items[k])
                                        let q = handle.row(Self.itemFactors, i), bi = handle.row(Self.itemBias, i)
                                        var estimate = mean + bu[0] + bi[0]
                                        for c in 0..<f { estimate += q[c] * (p[c] + norm * implicitSum[c]) }
                                        let error = values[k] - estimate
                                        total += Double(error) * Double(error)
                                        let g = loss.gradient(error: error, delta: delta)
                                        handle.touch(Self.userFactors, u)
                                        handle.touch(Self.itemFactors, i)
                                        handle.touch(Self.userBias, u)
                                        handle.touch(Self.itemBias, i)
                                        let gp = handle.gradient(Self.userFactors, u), gq = handle.gradient(Self.itemFactors, i)
                                        for c in 0..<f {
                                            let pc = p[c], qc = q[c]
                                            gp[c] += g * qc + reg * pc
                                            gq[c] += g * (pc + norm * implicitSum[c]) + reg * qc
                                            implicitGradient[c] += g * norm * qc
                                        }
                                        handle.gradient(Self.userBias, u)[0] += g + reg * bu[0]
                                        handle.gradient(Self.itemBias, i)[0] += g + reg * bi[0]
                                    }
                                    let count = Float(batchEnd - batchStart)
                                    for k in start..<end {
                                        let j = Int(items[k])
                                        handle.touch(Self.implicitFactors, j)
                                        let y = handle.row(Self.implicitFactors, j)
                                        let gy = handle.gradient(Self.implicitFactors, j)
                                        for c in 0..<f { gy[c] += implicitGradient[c] + count * reg * y[c] }
                                    }
                                    step += 1
                                    rule.prepare(step: step, rate: rate)
                                    handle.apply(rule, scale: 1 / count)
                                    batchStart = batchEnd
                                }
                            }
                        }
                    }
                }
            }
        }
        arena.step = step
        return total
    }
}
