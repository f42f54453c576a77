import MLCore

/// The epochs of an `fm` fit, specialised for one update rule: each batch's
/// gradients (data term plus the L2 terms, per rating) are summed, averaged
/// over the batch, and the rule updates the rows the batch touched.
struct FactorizationMachineTrainer {
    let parameters: FactorizationMachine.Parameters
    let runner: EpochRunner
    let rows: FactorizationRows
    let space: FeatureSpace
    let seen: [Bool]
    let scale: ClosedRange<Double>

    /// Table numbers in the arena.
    static let bias = 0, linear = 1, factors = 2

    func with(_ initial: FactorizationMachine.State) -> Body { Body(trainer: self, initial: initial) }

    struct Body: UpdateRuleBody {
        let trainer: FactorizationMachineTrainer
        let initial: FactorizationMachine.State

        func run<Rule: UpdateRule>(_ rule: Rule) throws -> FactorizationMachine.Fitted {
            try trainer.fit(rule, initial: initial)
        }
    }

    func arena(_ state: FactorizationMachine.State) -> ParameterArena {
        var arena = ParameterArena(
            shapes: [(1, 1), (space.count, 1), (space.count, parameters.factors)], slots: parameters.learning.optimizer.slots)
        arena.setValues(Self.bias, [state.bias])
        arena.setValues(Self.linear, state.linear)
        arena.setValues(Self.factors, state.factors)
        return arena
    }

    func state(_ arena: ParameterArena) -> FactorizationMachine.State {
        var state = FactorizationMachine.State(features: 0, factors: 0)
        state.bias = arena.values(Self.bias).first ?? 0
        state.linear = arena.values(Self.linear)
        state.factors = arena.values(Self.factors)
        return state
    }

    func fitted(_ state: FactorizationMachine.State, _ losses: [Double], _ report: TrainingReport) -> FactorizationMachine.Fitted
    {
        FactorizationMachine.Fitted(
            state: state, factors: parameters.factors, space: space, seen: seen, scale: scale, epochLosses: losses,
            trainingReport: report)
    }

    func fit<Rule: UpdateRule>(_ rule: Rule, initial: FactorizationMachine.State) throws -> FactorizationMachine.Fitted {
        var arena = arena(initial)
        var scratch = ArenaScratch(arena)
        let (losses, report) = try runner.run(
            state: &arena, learningRate: parameters.learningRate,
            epoch: { arena, rate in epoch(rule, arena: &arena, scratch: &scratch, rate: Float(rate)) },
            isFinite: \.isFinite, likelyCause: { learningRateHint($0, default: parameters.learningRate) },
            current: { arena, losses in fitted(state(arena), losses, TrainingReport()) })
        return fitted(state(arena), losses, report)
    }

    /// One pass in batches; returns the sum of squared errors seen before each update.
    func epoch<Rule: UpdateRule>(_ rule: Rule, arena: inout ParameterArena, scratch: inout ArenaScratch, rate: Float)
        -> Double
    {
        var rule = rule, step = arena.step
        let k = parameters.factors, batch = parameters.learning.batch
        let reg = Float(parameters.reg), regLinear = Float(parameters.regLinear)
        let loss = parameters.learning.loss, delta = loss.delta
        let width = max(space.widestRow, 1)
        var indices = [Int32](repeating: 0, count: width), xs = [Float](repeating: 0, count: width)
        var sums = [Float](repeating: 0, count: k)
        var sum = 0.0
        scratch.withHandle(&arena) { handle in
            indices.withUnsafeMutableBufferPointer { indices in
                xs.withUnsafeMutableBufferPointer { xs in
                    sums.withUnsafeMutableBufferPointer { sums in
                        guard let indices = indices.baseAddress, let xs = xs.baseAddress, let sums = sums.baseAddress else {
                            return
                        }
                        var start = 0
                        while start < rows.count {
                            let end = min(start + batch, rows.count)
                            for row in start..<end {
                                let n = space.gather(
                                    user: Int(rows.users[row]), item: Int(rows.items[row]),
                                    context: { Int(rows.contextValues[row * rows.contextCount + $0]) }, into: indices, values: xs)
                                let estimate = FactorizationMachine.score(
                                    bias: handle.row(Self.bias, 0)[0], features: indices, values: xs, count: n, factors: k,
                                    linear: { handle.row(Self.linear, $0)[0] },
                                    row: { UnsafePointer(handle.row(Self.factors, $0)) }, sums: sums)
                                let error = rows.values[row] - estimate
                                sum += Double(error) * Double(error)
                                let g = loss.gradient(error: error, delta: delta)
                                handle.touch(Self.bias, 0)
                                handle.gradient(Self.bias, 0)[0] += g
                                for j in 0..<n {
                                    let feature = Int(indices[j]), x = xs[j]
                                    handle.touch(Self.linear, feature)
                                    handle.touch(Self.factors, feature)
                                    let w = handle.row(Self.linear, feature)
                                    handle.gradient(Self.linear, feature)[0] += g * x + regLinear * w[0]
                                    let v = handle.row(Self.factors, feature), gv = handle.gradient(Self.factors, feature)
                                    for f in 0..<k { gv[f] += g * x * (sums[f] - v[f] * x) + reg * v[f] }
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

extension FactorizationMachine {
    /// w₀ + Σⱼ wⱼxⱼ + ½ Σ_f [(Σⱼ v_jf xⱼ)² − Σⱼ v_jf² xⱼ²], leaving Σⱼ v_jf xⱼ in `sums`.
    @inline(__always)
    static func score(
        bias: Float, features: UnsafePointer<Int32>, values: UnsafePointer<Float>, count n: Int, factors k: Int,
        linear: (Int) -> Float, row: (Int) -> UnsafePointer<Float>, sums: UnsafeMutablePointer<Float>
    ) -> Float {
        var estimate = bias
        for f in 0..<k { sums[f] = 0 }
        var squares: Float = 0
        for j in 0..<n {
            let feature = Int(features[j]), x = values[j]
            estimate += linear(feature) * x
            let v = row(feature)
            for f in 0..<k {
                let term = v[f] * x
                sums[f] += term
                squares += term * term
            }
        }
        var pairs: Float = 0
        for f in 0..<k { pairs += sums[f] * sums[f] }
        return estimate + 0.5 * (pairs - squares)
    }
}
