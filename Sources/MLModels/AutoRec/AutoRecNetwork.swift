import MLCore

/// The shape of an `autorec` network and the tables of its parameters in a
/// `ParameterArena`: layer l has its weights in table 2l and its biases in
/// table 2l + 1. Layer 0 (users → first hidden) and the output layer (last
/// hidden → users) keep one weight row per user, so that the sparse input
/// sums rows and each observed output is one dot product.
struct AutoRecNetwork: Sendable, Hashable {
    let users: Int
    let widths: [Int]
    let activations: [Activation]
    let output: Activation

    init(users: Int, widths: [Int], activations: [Activation], output: Activation) {
        self.users = users
        self.widths = widths
        self.activations = activations
        self.output = output
    }

    init(parameters p: AutoRec.Parameters, users: Int) {
        self.init(
            users: users, widths: p.hidden, activations: p.hidden.indices.map(p.activation), output: p.outputActivation)
    }

    var hiddenCount: Int { widths.count }
    var lastWidth: Int { widths[widths.count - 1] }
    /// The output layer's number.
    var outputLayer: Int { widths.count }

    static func weights(_ layer: Int) -> Int { 2 * layer }
    static func biases(_ layer: Int) -> Int { 2 * layer + 1 }

    /// (rows, width) of every table, layer by layer: weights, then biases.
    var shapes: [(rows: Int, width: Int)] {
        var shapes: [(rows: Int, width: Int)] = [(users, widths[0]), (1, widths[0])]
        for layer in 1..<max(1, widths.count) where layer < widths.count {
            shapes += [(widths[layer - 1], widths[layer]), (1, widths[layer])]
        }
        shapes += [(users, lastWidth), (1, users)]
        return shapes
    }

    /// (fan in, fan out) of layer `layer`.
    func fans(_ layer: Int) -> (Int, Int) {
        if layer == 0 { return (users, widths[0]) }
        if layer == outputLayer { return (lastWidth, users) }
        return (widths[layer - 1], widths[layer])
    }

    /// Weights drawn by `initialization` layer by layer, row-major; biases zero.
    func initialArena(slots: Int, initialization: WeightInit, generator: inout SeededGenerator) -> ParameterArena {
        var arena = ParameterArena(shapes: shapes, slots: slots)
        for layer in 0...outputLayer {
            let table = arena.tables[Self.weights(layer)]
            let (fanIn, fanOut) = fans(layer)
            var values = [Float](repeating: 0, count: table.count)
            for k in values.indices {
                switch initialization {
                case .xavier:
                    let limit = (6 / Double(fanIn + fanOut)).squareRoot()
                    values[k] = Float((2 * generator.nextUnit() - 1) * limit)
                case .he:
                    values[k] = Float(generator.nextGaussian() * (2 / Double(fanIn)).squareRoot())
                case .normal:
                    values[k] = Float(generator.nextGaussian() * 0.01)
                }
            }
            arena.setValues(Self.weights(layer), values)
        }
        return arena
    }

    /// Floats of activations per item across the hidden layers.
    var hiddenFloats: Int { widths.reduce(0, +) }

    /// Where hidden layer `layer`'s block of `batch` rows starts in a buffer of `batch · hiddenFloats`.
    func hiddenOffset(_ layer: Int, batch: Int) -> Int { widths[..<layer].reduce(0, +) * batch }
}

extension ParameterArena {
    /// The values alone, without moment slots: what a fitted model keeps.
    func valuesOnly() -> ParameterArena {
        var copy = ParameterArena(shapes: tables.map { ($0.rows, $0.width) }, slots: 0)
        for table in tables.indices { copy.setValues(table, values(table)) }
        return copy
    }
}
