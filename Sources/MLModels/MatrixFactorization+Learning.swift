import MLCore

/// `mf` with an optimizer, a loss or mini-batches other than per-rating SGD
/// on ½e²: the ratings in visiting order, a batch at a time; each batch's
/// gradients (data term plus `reg` times the parameter, per rating) are
/// summed, averaged over the batch, and the rule updates the rows it touched.
struct MatrixFactorizationTrainer {
    let parameters: MatrixFactorization.Parameters
    let runner: EpochRunner
    let users: [Int32]
    let items: [Int32]
    let values: [Float]
    let mean: Double
    let globalMean: Double
    let knownUsers: KnownIndices
    let knownItems: KnownIndices
    let scale: ClosedRange<Double>

    /// Table numbers in the arena.
    static let userFactors = 0, itemFactors = 1, userBias = 2, itemBias = 3

    func with(_ initial: MatrixFactorization.State) -> Body { Body(trainer: self, initial: initial) }

    /// The fit, specialised for one update rule.
    struct Body: UpdateRuleBody {
        let trainer: MatrixFactorizationTrainer
        let initial: MatrixFactorization.State

        func run<Rule: UpdateRule>(_ rule: Rule) throws -> MatrixFactorization.Fitted {
            try trainer.fit(rule, initial: initial)
        }
    }

    func arena(_ state: MatrixFactorization.State) -> ParameterArena {
        let f = parameters.factors
        var arena = ParameterArena(
            shapes: [(state.userBias.count, f), (state.itemBias.count, f), (state.userBias.count, 1), (state.itemBias.count, 1)],
            slots: parameters.learning.optimizer.slots)
        arena.setValues(Self.userFactors, state.userFactors.flat)
        arena.setValues(Self.itemFactors, state.itemFactors.flat)
        arena.setValues(Self.userBias, state.userBias)
        arena.setValues(Self.itemBias, state.itemBias)
        return arena
    }

    func state(_ arena: ParameterArena, like initial: MatrixFactorization.State) -> MatrixFactorization.State {
        var state = initial
        state.userFactors.setFlat(arena.values(Self.userFactors))
        state.itemFactors.setFlat(arena.values(Self.itemFactors))
        state.userBias = arena.values(Self.userBias)
        state.itemBias = arena.values(Self.itemBias)
        return state
    }

    func fitted(_ state: MatrixFactorization.State, _ losses: [Double], _ report: TrainingReport) -> MatrixFactorization.Fitted {
        MatrixFactorization.Fitted(
            mean: globalMean, biased: parameters.biased, state: state, knownUsers: knownUsers, knownItems: knownItems,
            epochLosses: losses, scale: scale, trainingReport: report)
    }

    func fit<Rule: UpdateRule>(_ rule: Rule, initial: MatrixFactorization.State) throws -> MatrixFactorization.Fitted {
        var arena = arena(initial)
        var scratch = ArenaScratch(arena)
        let (losses, report) = try runner.run(
            state: &arena, learningRate: parameters.learningRate,
            epoch: { arena, rate in epoch(rule, arena: &arena, scratch: &scratch, rate: Float(rate)) },
            isFinite: \.isFinite, likelyCause: { learningRateHint($0, default: parameters.learningRate) },
            current: { arena, losses in fitted(state(arena, like: initial), losses, TrainingReport()) })
        return fitted(state(arena, like: initial), losses, report)
    }

    /// One pass in batches; returns the sum of squared errors seen before each update.
    func epoch<Rule: UpdateRule>(_ rule: Rule, arena: inout ParameterArena, scratch: inout ArenaScratch, rate: Float)
        -> Double
    {
        var rule = rule, step = arena.step
        let f = parameters.factors, batch = parameters.learning.batch, biased = parameters.biased
        let reg = Float(parameters.reg), mean = Float(mean)
        let loss = parameters.learning.loss, delta = loss.delta
        var sum = 0.0
        scratch.withHandle(&arena) { handle in
            users.withUnsafeBufferPointer { users in
                items.withUnsafeBufferPointer { items in
                    values.withUnsafeBufferPointer { values in
                        var start = 0
                        while start < users.count {
                            let end = min(start + batch, users.count)
                            for k in start..<end {
                                let u = Int(users[k]), i = Int(items[k])
                                let p = handle.row(Self.userFactors, u), q = handle.row(Self.itemFactors, i)
                                let bu = handle.row(Self.userBias, u), bi = handle.row(Self.itemBias, i)
                                var estimate: Float = 0
                                for c in 0..<f { estimate += p[c] * q[c] }
                                if biased { estimate += mean + bu[0] + bi[0] }
                                let error = values[k] - estimate
                                sum += Double(error) * Double(error)
                                let g = loss.gradient(error: error, delta: delta)
                                handle.touch(Self.userFactors, u)
                                handle.touch(Self.itemFactors, i)
                                let gp = handle.gradient(Self.userFactors, u), gq = handle.gradient(Self.itemFactors, i)
                                for c in 0..<f {
                                    let pc = p[c], qc = q[c]
                                    gp[c] += g * qc + reg * pc
                                    gq[c] += g * pc + reg * qc
                                }
                                if biased {
                                    handle.touch(Self.userBias, u)
                                    handle.touch(Self.itemBias, i)
                                    handle.gradient(Self.userBias, u)[0] += g + reg * bu[0]
                                    handle.gradient(Self.itemBias, i)[0] += g + reg * bi[0]
                                }
                            }
                            step += 1
                            rule.prepare(step: step, rate: rate)
                            handle.apply(rule, scale: 1 / Float(end - start))
                            start = end
                        }
                    }
                }
            }
        }
        arena.step = step
        return sum
    }
}
