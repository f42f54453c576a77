import Dispatch

extension NearestNeighbours {
    public struct Fitted: PointPredictor {
        public let parameters: Parameters
        let sides: NeighbourhoodSides
        let similarities: SimilarityMatrix
        let biases: BaselineBiases
        let index: RatingIndex
        public let scale: ClosedRange<Double>
        /// Built on the first all-item scoring of an item-based model.
        let columnsCache = SimilarityColumnsCache()
        /// Scratch of all-item scorings, kept between calls.
        let sweepBlocks = SweepBlockPool()
        let itemSums = ItemNeighbourSumsPool()

        init(
            parameters: Parameters, sides: NeighbourhoodSides, similarities: SimilarityMatrix,
            biases: BaselineBiases, index: RatingIndex, scale: ClosedRange<Double>
        ) {
            self.parameters = parameters
            self.sides = sides
            self.similarities = similarities
            self.biases = biases
            self.index = index
            self.scale = scale
        }

        /// Similarity between two compared entities (items for item-based).
        public func similarity(_ a: Int, _ b: Int) -> Double { similarities[a, b] }

        public func estimate(user: Int32, item: Int32) -> (value: Double, fallback: PredictionFallback) {
            var scratch = NeighbourScratch()
            return estimate(user: user, item: item, arithmetic: NeighbourArithmetic(self), scratch: &scratch)
        }

        /// Batches run in `threads` contiguous parts, each with its own scratch;
        /// every prediction is computed alone, so the parts never change a value.
        public func predict(users: [Int32], items: [Int32]) -> Predictions {
            precondition(users.count == items.count, "users and items must have equal length")
            var values = [Double](repeating: 0, count: users.count)
            var fallbacks = [PredictionFallback](repeating: [], count: users.count)
            let count = users.count
            let parts = max(1, min(parameters.threads, count / 256))
            users.withUnsafeBufferPointer { users in
                items.withUnsafeBufferPointer { items in
                    values.withUnsafeMutableBufferPointer { values in
                        fallbacks.withUnsafeMutableBufferPointer { fallbacks in
                            guard let users = users.baseAddress, let items = items.baseAddress,
                                let values = values.baseAddress, let fallbacks = fallbacks.baseAddress
                            else { return }
                            let batch = PredictionBatch(users: users, items: items, values: values, fallbacks: fallbacks)
                            DispatchQueue.concurrentPerform(iterations: parts) { part in
                                var scratch = NeighbourScratch()
                                let arithmetic = NeighbourArithmetic(self)
                                for row in (count * part / parts)..<(count * (part + 1) / parts) {
                                    let (value, fallback) = estimate(
                                        user: batch.users[row], item: batch.items[row], arithmetic: arithmetic,
                                        scratch: &scratch)
                                    batch.values[row] = clip(value, to: scale)
                                    batch.fallbacks[row] = fallback
                                }
                            }
                        }
                    }
                }
            }
            return Predictions(values: values, fallbacks: fallbacks)
        }

        private func estimate(
            user: Int32, item: Int32, arithmetic: NeighbourArithmetic, scratch: inout NeighbourScratch
        ) -> (
            value: Double, fallback: PredictionFallback
        ) {
            let baseline = biases.estimate(user: user, item: item, index: index)
            let unknown = index.unknownSides(user: user, item: item)
            guard unknown.isEmpty else { return (baseline, unknown) }
            let (x, y) = parameters.on == .items ? (Int(item), Int(user)) : (Int(user), Int(item))

            // Every x that y rated with a positive similarity to x, ascending by
            // x: both lists ascend, so each search starts where the last one ended.
            scratch.candidates.removeAll(keepingCapacity: true)
            similarities.values.withUnsafeBufferPointer { similarity in
                similarities.neighbours.withUnsafeBufferPointer { neighbours in
                    sides.yMembers.withUnsafeBufferPointer { members in
                        sides.yValues.withUnsafeBufferPointer { ratings in
                            var low = similarities.offsets[x]
                            let rowEnd = similarities.offsets[x + 1]
                            let own = Int32(x)
                            for position in sides.yOffsets[y]..<sides.yOffsets[y + 1] {
                                let neighbour = members[position]
                                let weight: Double
                                if neighbour == own {
                                    // A rated pair: x is its own neighbour with similarity 1, as on the dense diagonal.
                                    weight = 1
                                } else {
                                    var high = rowEnd
                                    while low < high {
                                        let middle = (low + high) / 2
                                        if neighbours[middle] < neighbour { low = middle + 1 } else { high = middle }
                                    }
                                    guard low < rowEnd, neighbours[low] == neighbour else { continue }
                                    weight = similarity[low]
                                }
                                guard weight > 0 else { continue }
                                scratch.candidates.append(
                                    Neighbour(similarity: weight, entity: neighbour, rating: ratings[position]))
                            }
                        }
                    }
                }
            }
            let sums = scratch.candidates.withUnsafeBufferPointer { candidates in
                arithmetic.sumBest(candidates, k: parameters.k, yBias: sides.yBiases[y], selection: &scratch.selection)
            }
            return arithmetic.estimate(sums, x: x, baseline: baseline)
        }
    }
}

/// Input and output rows of a parallel batch. Safe to send: each part writes only its own rows.
private struct PredictionBatch: @unchecked Sendable {
    let users: UnsafePointer<Int32>
    let items: UnsafePointer<Int32>
    let values: UnsafeMutablePointer<Double>
    let fallbacks: UnsafeMutablePointer<PredictionFallback>
}
