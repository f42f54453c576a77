import MLCore

/// `fm` under per-rating SGD on ½e² (the default learning options): the
/// weights are updated in place as each rating is visited, with no gradient
/// buffers. Each step is the arena trainer's for a batch of one, term by term.
struct FactorizationMachineSGD {
    let parameters: FactorizationMachine.Parameters
    let runner: EpochRunner
    let rows: FactorizationRows
    let space: FeatureSpace
    let seen: [Bool]
    let scale: ClosedRange<Double>

    func fit(initial: FactorizationMachine.State) throws -> FactorizationMachine.Fitted {
        var state = initial
        let (losses, report) = try runner.run(
            state: &state, learningRate: parameters.learningRate,
            epoch: { state, rate in epoch(&state, rate: Float(rate)) },
            isFinite: \.isFinite, likelyCause: { learningRateHint($0, default: parameters.learningRate) },
            current: { state, losses in fitted(state, losses, TrainingReport()) })
        return fitted(state, losses, report)
    }

    func fitted(_ state: FactorizationMachine.State, _ losses: [Double], _ report: TrainingReport) -> FactorizationMachine.Fitted
    {
        FactorizationMachine.Fitted(
            state: state, factors: parameters.factors, space: space, seen: seen, scale: scale, epochLosses: losses,
            trainingReport: report)
    }

    /// One pass; returns the sum of squared errors seen before each update.
    func epoch(_ state: inout FactorizationMachine.State, rate: Float) -> Double {
        let k = parameters.factors, reg = Float(parameters.reg), regLinear = Float(parameters.regLinear)
        let width = max(space.widestRow, 1)
        var indices = [Int32](repeating: 0, count: width), xs = [Float](repeating: 0, count: width)
        var sums = [Float](repeating: 0, count: k)
        var bias = state.bias, sum = 0.0
        state.linear.withUnsafeMutableBufferPointer { linear in
            state.factors.withUnsafeMutableBufferPointer { factors in
                indices.withUnsafeMutableBufferPointer { indices in
                    xs.withUnsafeMutableBufferPointer { xs in
                        sums.withUnsafeMutableBufferPointer { sums in
                            guard let linear = linear.baseAddress, let factors = factors.baseAddress,
                                let indices = indices.baseAddress, let xs = xs.baseAddress, let sums = sums.baseAddress
                            else { return }
                            for row in 0..<rows.count {
                                let n = space.gather(
                                    user: Int(rows.users[row]), item: Int(rows.items[row]),
                                    context: { Int(rows.contextValues[row * rows.contextCount + $0]) }, into: indices,
                                    values: xs)
                                let estimate = FactorizationMachine.score(
                                    bias: bias, features: indices, values: xs, count: n, factors: k,
                                    linear: { linear[$0] }, row: { UnsafePointer(factors + $0 * k) }, sums: sums)
                                let error = rows.values[row] - estimate
                                sum += Double(error) * Double(error)
                                let g = -error
                                bias -= rate * g
                                for j in 0..<n {
                                    let feature = Int(indices[j]), x = xs[j]
                                    linear[feature] -= rate * (g * x + regLinear * linear[feature])
                                    let v = factors + feature * k
                                    for f in 0..<k { v[f] -= rate * (g * x * (sums[f] - v[f] * x) + reg * v[f]) }
                                }
                            }
                        }
                    }
                }
            }
        }
        state.bias = bias
        return sum
    }
}
