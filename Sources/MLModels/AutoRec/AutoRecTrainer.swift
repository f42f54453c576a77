import MLCore

/// The forward and backward passes of `autorec` over batches of items.
struct AutoRecTrainer {
    let network: AutoRecNetwork
    let index: RatingIndex
    let parameters: AutoRec.Parameters
    /// Each item's observed ratings as Float, in `index.itemUsers` order.
    let itemValues: [Float]

    init(network: AutoRecNetwork, index: RatingIndex, parameters: AutoRec.Parameters) {
        self.network = network
        self.index = index
        self.parameters = parameters
        itemValues = index.itemValues.map { Float($0) }
    }

    var batch: Int { parameters.learning.batch }

    /// Floats of per-batch work: activations, dropout masks, deltas, and a transposition buffer.
    func workLayout(batch: Int) -> (activations: Int, masks: Int, deltas: Int, transposed: Int, total: Int) {
        let hidden = network.hiddenFloats * batch
        var transposed = 0
        for layer in 1..<max(1, network.hiddenCount) where layer < network.hiddenCount {
            let inWidth = network.widths[layer - 1], outWidth = network.widths[layer]
            transposed = max(transposed, inWidth * batch, inWidth * outWidth)
        }
        return (0, hidden, 2 * hidden, 3 * hidden, 3 * hidden + max(1, transposed))
    }

    /// The fit, specialised for one update rule.
    struct Body: UpdateRuleBody {
        let trainer: AutoRecTrainer
        let arena: ParameterArena
        let runner: EpochRunner
        let generator: SeededGenerator
        let scale: ClosedRange<Double>

        func run<Rule: UpdateRule>(_ rule: Rule) throws -> (ParameterArena, [Double], TrainingReport) {
            var arena = arena
            let (losses, report) = try trainer.fit(
                rule, arena: &arena, runner: runner, generator: generator, scale: scale)
            return (arena, losses, report)
        }
    }

    func fit<Rule: UpdateRule>(
        _ rule: Rule, arena: inout ParameterArena, runner: EpochRunner, generator: SeededGenerator,
        scale: ClosedRange<Double>
    ) throws -> (losses: [Double], report: TrainingReport) {
        var generator = generator
        var gradients = [Float](repeating: 0, count: max(1, arena.gradientCount))
        var work = [Float](repeating: 0, count: workLayout(batch: batch).total)
        var order = (0..<index.itemCount).filter { index.itemOffsets[$0 + 1] > index.itemOffsets[$0] }.map { Int32($0) }
        return try runner.run(
            state: &arena, learningRate: parameters.learningRate,
            epoch: { arena, rate in
                // A new item order per epoch, drawn before any dropout mask of the epoch.
                for k in stride(from: order.count - 1, to: 0, by: -1) {
                    order.swapAt(k, generator.nextInt(below: k + 1))
                }
                return epoch(
                    rule, arena: &arena, gradients: &gradients, work: &work, order: order, rate: Float(rate),
                    generator: &generator)
            },
            isFinite: \.isFinite, likelyCause: { learningRateHint($0, default: AutoRec.Parameters().learningRate) },
            current: { arena, losses in
                AutoRec.Fitted(network: network, weights: arena.valuesOnly(), index: index, epochLosses: losses, scale: scale)
            })
    }

    /// One pass over `order` in batches; returns the sum of squared errors of the observed outputs.
    func epoch<Rule: UpdateRule>(
        _ rule: Rule, arena: inout ParameterArena, gradients: inout [Float], work: inout [Float], order: [Int32],
        rate: Float, generator: inout SeededGenerator
    ) -> Double {
        var rule = rule, step = arena.step
        let tables = arena.tables, slots = arena.slots
        let l2 = Float(parameters.l2), keep = Float(1 - parameters.dropout)
        let loss = parameters.learning.loss, delta = loss.delta
        var sum = 0.0
        arena.storage.withUnsafeMutableBufferPointer { storage in
            gradients.withUnsafeMutableBufferPointer { gradients in
                work.withUnsafeMutableBufferPointer { work in
                    order.withUnsafeBufferPointer { orderBuffer in
                        let itemCount = orderBuffer.count
                        guard let values = storage.baseAddress, let grads = gradients.baseAddress,
                            let work = work.baseAddress, let order = orderBuffer.baseAddress
                        else { return }
                        let pass = AutoRecPass(trainer: self, tables: tables, values: values, work: work)
                        var start = 0
                        while start < itemCount {
                            let count = min(batch, itemCount - start)
                            let items = order + start
                            pass.forward(items: items, count: count, keep: keep, generator: &generator)
                            sum += pass.backward(
                                items: items, count: count, keep: keep, gradients: grads, loss: loss, delta: delta)
                            step += 1
                            rule.prepare(step: step, rate: rate)
                            let inverse = 1 / Float(count)
                            for (number, table) in tables.enumerated() {
                                let w = values + table.offset, g = grads + table.gradientOffset
                                // Weight decay on weights (even tables), not on biases.
                                let decay: Float = number % 2 == 0 ? l2 : 0
                                for k in 0..<table.count { g[k] = g[k] * inverse + decay * w[k] }
                                let first = slots >= 1 ? w + table.count : w
                                let second = slots >= 2 ? w + 2 * table.count : w
                                rule.update(w, gradients: g, scale: 1, first: first, second: second, count: table.count)
                                g.update(repeating: 0, count: table.count)
                            }
                            start += count
                        }
                    }
                }
            }
        }
        arena.step = step
        return sum
    }
}

/// Pointers of one epoch (or one prediction pass): the parameters and the work buffers.
struct AutoRecPass {
    let network: AutoRecNetwork
    let tables: [ParameterArena.Table]
    let values: UnsafeMutablePointer<Float>
    let activations: UnsafeMutablePointer<Float>
    let masks: UnsafeMutablePointer<Float>
    let deltas: UnsafeMutablePointer<Float>
    let transposed: UnsafeMutablePointer<Float>
    let batch: Int
    let itemOffsets: [Int]
    let itemUsers: [Int32]
    let itemValues: [Float]

    init(
        trainer: AutoRecTrainer, tables: [ParameterArena.Table], values: UnsafeMutablePointer<Float>,
        work: UnsafeMutablePointer<Float>
    ) {
        self.init(
            network: trainer.network, tables: tables, values: values, work: work, batch: trainer.batch,
            itemOffsets: trainer.index.itemOffsets, itemUsers: trainer.index.itemUsers, itemValues: trainer.itemValues)
    }

    init(
        network: AutoRecNetwork, tables: [ParameterArena.Table], values: UnsafeMutablePointer<Float>,
        work: UnsafeMutablePointer<Float>, batch: Int, itemOffsets: [Int], itemUsers: [Int32], itemValues: [Float]
    ) {
        self.network = network
        self.tables = tables
        self.values = values
        let hidden = network.hiddenFloats * batch
        activations = work
        masks = work + hidden
        deltas = work + 2 * hidden
        transposed = work + 3 * hidden
        self.batch = batch
        self.itemOffsets = itemOffsets
        self.itemUsers = itemUsers
        self.itemValues = itemValues
    }

    func table(_ number: Int) -> UnsafeMutablePointer<Float> { values + tables[number].offset }

    /// Hidden layer `layer`'s activations for the batch (rows of its width).
    func activation(_ layer: Int) -> UnsafeMutablePointer<Float> {
        activations + network.hiddenOffset(layer, batch: batch)
    }

    /// Every hidden layer's activations for `count` items; with `keep` < 1,
    /// inverted dropout: each unit is kept with probability `keep` and scaled
    /// by 1 / keep, so predictions need no rescaling.
    func forward(items: UnsafePointer<Int32>, count: Int, keep: Float, generator: inout SeededGenerator) {
        itemUsers.withUnsafeBufferPointer { users in
            itemValues.withUnsafeBufferPointer { ratings in
                guard let users = users.baseAddress, let ratings = ratings.baseAddress else { return }
                let width = network.widths[0], first = activation(0)
                let w0 = table(AutoRecNetwork.weights(0)), b0 = table(AutoRecNetwork.biases(0))
                // The sparse first layer: the bias plus each observed rating times its user's row.
                for b in 0..<count {
                    let row = first + b * width, item = Int(items[b])
                    row.update(from: b0, count: width)
                    for k in itemOffsets[item]..<itemOffsets[item + 1] {
                        DenseKernels.axpy(ratings[k], w0 + Int(users[k]) * width, row, n: width)
                    }
                }
                finish(layer: 0, count: count, keep: keep, generator: &generator)
                for layer in 1..<max(1, network.hiddenCount) where layer < network.hiddenCount {
                    let inWidth = network.widths[layer - 1], outWidth = network.widths[layer]
                    let input = activation(layer - 1), out = activation(layer)
                    let bias = table(AutoRecNetwork.biases(layer))
                    for b in 0..<count { (out + b * outWidth).update(from: bias, count: outWidth) }
                    DenseKernels.multiplyAdd(
                        input, table(AutoRecNetwork.weights(layer)), out, m: count, k: inWidth, n: outWidth)
                    finish(layer: layer, count: count, keep: keep, generator: &generator)
                }
            }
        }
    }

    /// The activation of a hidden layer, then dropout (the mask remembered for the backward pass).
    private func finish(layer: Int, count: Int, keep: Float, generator: inout SeededGenerator) {
        let width = network.widths[layer], values = activation(layer)
        network.activations[layer].apply(values, count: count * width)
        guard keep < 1 else { return }
        let mask = masks + network.hiddenOffset(layer, batch: batch), scale = 1 / keep
        for k in 0..<(count * width) {
            mask[k] = generator.nextUnit() < Double(keep) ? scale : 0
            values[k] *= mask[k]
        }
    }

    /// The observed outputs, the loss's gradients back to every parameter
    /// (summed into `gradients`); returns the squared errors' sum.
    func backward(
        items: UnsafePointer<Int32>, count: Int, keep: Float, gradients: UnsafeMutablePointer<Float>, loss: TrainingLoss,
        delta: Float
    ) -> Double {
        var sum = 0.0
        let last = network.hiddenCount - 1, lastWidth = network.lastWidth
        let outLayer = network.outputLayer
        let outWeights = table(AutoRecNetwork.weights(outLayer)), outBias = table(AutoRecNetwork.biases(outLayer))
        let outWeightGradients = gradients + tables[AutoRecNetwork.weights(outLayer)].gradientOffset
        let outBiasGradients = gradients + tables[AutoRecNetwork.biases(outLayer)].gradientOffset
        let outputActivation = network.output
        itemUsers.withUnsafeBufferPointer { users in
            itemValues.withUnsafeBufferPointer { ratings in
                guard let users = users.baseAddress, let ratings = ratings.baseAddress else { return }
                let hidden = activation(last)
                let lastDeltas = deltas + network.hiddenOffset(last, batch: batch)
                lastDeltas.update(repeating: 0, count: count * lastWidth)
                // The sparse output layer: only observed entries enter the loss.
                for b in 0..<count {
                    let item = Int(items[b]), code = hidden + b * lastWidth, codeDelta = lastDeltas + b * lastWidth
                    for k in itemOffsets[item]..<itemOffsets[item + 1] {
                        let u = Int(users[k]), row = outWeights + u * lastWidth
                        let out = outputActivation.value(outBias[u] + DenseKernels.dot(row, code, n: lastWidth))
                        let error = ratings[k] - out
                        sum += Double(error) * Double(error)
                        let g = loss.gradient(error: error, delta: delta) * outputActivation.derivative(output: out)
                        DenseKernels.axpy(g, code, outWeightGradients + u * lastWidth, n: lastWidth)
                        outBiasGradients[u] += g
                        DenseKernels.axpy(g, row, codeDelta, n: lastWidth)
                    }
                }
                for layer in stride(from: last, through: 0, by: -1) {
                    let width = network.widths[layer], values = activation(layer)
                    let layerDeltas = deltas + network.hiddenOffset(layer, batch: batch)
                    let mask = masks + network.hiddenOffset(layer, batch: batch)
                    let function = network.activations[layer]
                    // From d/d(output after dropout) to d/d(pre-activation); a dropped unit's output is 0.
                    for k in 0..<(count * width) {
                        let kept = keep < 1 ? mask[k] : 1
                        let output = kept == 0 ? 0 : values[k] / kept
                        layerDeltas[k] *= kept * function.derivative(output: output)
                    }
                    let biasGradients = gradients + tables[AutoRecNetwork.biases(layer)].gradientOffset
                    for b in 0..<count { DenseKernels.axpy(1, layerDeltas + b * width, biasGradients, n: width) }
                    let weightGradients = gradients + tables[AutoRecNetwork.weights(layer)].gradientOffset
                    if layer == 0 {
                        for b in 0..<count {
                            let item = Int(items[b]), rowDelta = layerDeltas + b * width
                            for k in itemOffsets[item]..<itemOffsets[item + 1] {
                                DenseKernels.axpy(ratings[k], rowDelta, weightGradients + Int(users[k]) * width, n: width)
                            }
                        }
                    } else {
                        let inWidth = network.widths[layer - 1], input = activation(layer - 1)
                        // dW += inputᵀ · deltas.
                        DenseKernels.transpose(input, transposed, rows: count, cols: inWidth)
                        DenseKernels.multiplyAdd(transposed, layerDeltas, weightGradients, m: inWidth, k: count, n: width)
                        // d input = deltas · Wᵀ.
                        let inputDeltas = deltas + network.hiddenOffset(layer - 1, batch: batch)
                        inputDeltas.update(repeating: 0, count: count * inWidth)
                        DenseKernels.transpose(
                            table(AutoRecNetwork.weights(layer)), transposed, rows: inWidth, cols: width)
                        DenseKernels.multiplyAdd(layerDeltas, transposed, inputDeltas, m: count, k: width, n: inWidth)
                    }
                }
            }
        }
        return sum
    }
}
