import Dispatch
import HeapModule

extension NearestNeighbours {
    public struct Fitted: PointPredictor {
        public let parameters: Parameters
        let sides: NeighbourhoodSides
        let similarities: SimilarityMatrix
        let biases: BaselineBiases
        let index: RatingIndex
        public let scale: ClosedRange<Double>

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
            var heap = Heap<Neighbour>()
            return estimate(user: user, item: item, heap: &heap)
        }

        /// Batches run in `threads` contiguous parts, each with one reused heap;
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
                                var heap = Heap<Neighbour>()
                                for row in (count * part / parts)..<(count * (part + 1) / parts) {
                                    let (value, fallback) = estimate(user: batch.users[row], item: batch.items[row], heap: &heap)
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

        private func estimate(user: Int32, item: Int32, heap: inout Heap<Neighbour>) -> (
            value: Double, fallback: PredictionFallback
        ) {
            let baseline = biases.estimate(user: user, item: item, index: index)
            let unknown = index.unknownSides(user: user, item: item)
            guard unknown.isEmpty else { return (baseline, unknown) }
            let (x, y) = parameters.on == .items ? (Int(item), Int(user)) : (Int(user), Int(item))
            let k = parameters.k

            // The k most similar x that y rated; non-positive similarities never contribute.
            // Both lists ascend by x, so each search starts where the last one ended.
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
                                let candidate = Neighbour(similarity: weight, entity: neighbour, rating: ratings[position])
                                if heap.count < k {
                                    heap.insert(candidate)
                                } else if let weakest = heap.min, weakest < candidate {
                                    heap.replaceMin(with: candidate)
                                }
                            }
                        }
                    }
                }
            }

            let usable = heap.count
            var weightSum = 0.0, weighted = 0.0
            let yBias = sides.yBiases[y], mean = biases.globalMean
            while let neighbour = heap.popMin() {
                let other = Int(neighbour.entity)
                weightSum += neighbour.similarity
                switch parameters.estimator {
                case .basic:
                    weighted += neighbour.similarity * neighbour.rating
                case .withMeans:
                    weighted += neighbour.similarity * (neighbour.rating - sides.xMeans[other])
                case .withBaseline:
                    weighted += neighbour.similarity * (neighbour.rating - (mean + sides.xBiases[other] + yBias))
                }
            }
            guard usable >= parameters.minK, usable > 0, weightSum > 0 else {
                let fallbackValue = parameters.estimator == .withMeans ? sides.xMeans[x] : baseline
                return (fallbackValue, .tooFewNeighbours)
            }
            switch parameters.estimator {
            case .basic: return (weighted / weightSum, [])
            case .withMeans: return (sides.xMeans[x] + weighted / weightSum, [])
            case .withBaseline: return (baseline + weighted / weightSum, [])
            }
        }
    }
}

/// A candidate neighbour; ordered by similarity, ties by entity index so that
/// the selection never depends on the order of candidates.
struct Neighbour: Comparable, Sendable {
    let similarity: Double
    let entity: Int32
    let rating: Double

    static func < (lhs: Neighbour, rhs: Neighbour) -> Bool {
        lhs.similarity != rhs.similarity ? lhs.similarity < rhs.similarity : lhs.entity > rhs.entity
    }

    static func == (lhs: Neighbour, rhs: Neighbour) -> Bool {
        lhs.similarity == rhs.similarity && lhs.entity == rhs.entity
    }
}

/// Input and output rows of a parallel batch. Safe to send: each part writes only its own rows.
private struct PredictionBatch: @unchecked Sendable {
    let users: UnsafePointer<Int32>
    let items: UnsafePointer<Int32>
    let values: UnsafeMutablePointer<Double>
    let fallbacks: UnsafeMutablePointer<PredictionFallback>
}
