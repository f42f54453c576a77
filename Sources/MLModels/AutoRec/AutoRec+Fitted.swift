import MLCore

extension AutoRec {
    /// A trained network: its weights, and the last hidden layer's code of
    /// every item (computed once from the training ratings), so that a
    /// prediction is one dot product.
    public struct Fitted: PointPredictor {
        let network: AutoRecNetwork
        /// The parameters, without optimizer moments.
        let weights: ParameterArena
        /// Items × last hidden width.
        let codes: [Float]
        public let globalMean: Double
        /// Each item's mean training rating (the global mean for an item without ratings).
        let itemMeans: [Double]
        let knownUsers: KnownIndices
        let knownItems: KnownIndices
        public let epochLosses: [Double]
        public let scale: ClosedRange<Double>
        public internal(set) var trainingReport = TrainingReport()

        init(
            network: AutoRecNetwork, weights: ParameterArena, codes: [Float], globalMean: Double, itemMeans: [Double],
            knownUsers: KnownIndices, knownItems: KnownIndices, epochLosses: [Double], scale: ClosedRange<Double>
        ) {
            self.network = network
            self.weights = weights
            self.codes = codes
            self.globalMean = globalMean
            self.itemMeans = itemMeans
            self.knownUsers = knownUsers
            self.knownItems = knownItems
            self.epochLosses = epochLosses
            self.scale = scale
        }

        init(
            network: AutoRecNetwork, weights: ParameterArena, index: RatingIndex, epochLosses: [Double],
            scale: ClosedRange<Double>
        ) {
            var itemMeans = [Double](repeating: index.globalMean, count: index.itemCount)
            for item in 0..<index.itemCount where index.itemOffsets[item + 1] > index.itemOffsets[item] {
                var sum = 0.0
                for k in index.itemOffsets[item]..<index.itemOffsets[item + 1] { sum += index.itemValues[k] }
                itemMeans[item] = sum / Double(index.itemOffsets[item + 1] - index.itemOffsets[item])
            }
            self.init(
                network: network, weights: weights, codes: Self.codes(network: network, weights: weights, index: index),
                globalMean: index.globalMean, itemMeans: itemMeans, knownUsers: KnownIndices(offsets: index.userOffsets),
                knownItems: KnownIndices(offsets: index.itemOffsets), epochLosses: epochLosses, scale: scale)
        }

        /// The last hidden layer of every item, without dropout, 64 items at a time.
        static func codes(network: AutoRecNetwork, weights: ParameterArena, index: RatingIndex) -> [Float] {
            let batch = 64, width = network.lastWidth
            var parameters = AutoRec.Parameters()
            parameters.hidden = network.widths
            parameters.learning.batch = batch
            let trainer = AutoRecTrainer(network: network, index: index, parameters: parameters)
            var work = [Float](repeating: 0, count: trainer.workLayout(batch: batch).total)
            var storage = weights.storage
            var codes = [Float](repeating: 0, count: index.itemCount * width)
            let items = (0..<index.itemCount).map { Int32($0) }
            var generator = SeededGenerator(seed: 0, label: "unused")
            storage.withUnsafeMutableBufferPointer { storage in
                work.withUnsafeMutableBufferPointer { work in
                    items.withUnsafeBufferPointer { items in
                        codes.withUnsafeMutableBufferPointer { codes in
                            guard let values = storage.baseAddress, let work = work.baseAddress,
                                let items = items.baseAddress, let codes = codes.baseAddress
                            else { return }
                            let pass = AutoRecPass(trainer: trainer, tables: weights.tables, values: values, work: work)
                            let last = pass.activation(network.hiddenCount - 1)
                            var start = 0
                            while start < index.itemCount {
                                let count = min(batch, index.itemCount - start)
                                pass.forward(items: items + start, count: count, keep: 1, generator: &generator)
                                (codes + start * width).update(from: last, count: count * width)
                                start += count
                            }
                        }
                    }
                }
            }
            return codes
        }

        public func estimate(user: Int32, item: Int32) -> (value: Double, fallback: PredictionFallback) {
            let userKnown = knownUsers.contains(user), itemKnown = knownItems.contains(item)
            guard itemKnown else { return (globalMean, userKnown ? .unknownItem : [.unknownItem, .unknownUser]) }
            guard userKnown else { return (itemMeans[Int(item)], .unknownUser) }
            let width = network.lastWidth, u = Int(user), i = Int(item)
            let layer = network.outputLayer
            let weightTable = weights.tables[AutoRecNetwork.weights(layer)]
            let biasTable = weights.tables[AutoRecNetwork.biases(layer)]
            let z = weights.storage.withUnsafeBufferPointer { storage in
                codes.withUnsafeBufferPointer { codes in
                    guard let values = storage.baseAddress, let codes = codes.baseAddress else { return Float(0) }
                    return values[biasTable.offset + u]
                        + DenseKernels.dot(values + weightTable.offset + u * width, codes + i * width, n: width)
                }
            }
            return (Double(network.output.value(z)), [])
        }
    }
}
