import HeapModule

extension NearestNeighbours {
    public struct Fitted: PointPredictor {
        public let parameters: Parameters
        let sides: NeighbourhoodSides
        let similarities: SimilarityMatrix
        let biases: BaselineBiases
        let index: RatingIndex
        public let scale: ClosedRange<Double>

        init(parameters: Parameters, sides: NeighbourhoodSides, similarities: SimilarityMatrix,
             biases: BaselineBiases, index: RatingIndex, scale: ClosedRange<Double>) {
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

        /// Batches reuse one heap.
        public func predict(users: [Int32], items: [Int32]) -> Predictions {
            precondition(users.count == items.count, "users and items must have equal length")
            var heap = Heap<Neighbour>()
            var values = [Double](repeating: 0, count: users.count)
            var fallbacks = [PredictionFallback](repeating: [], count: users.count)
            for row in users.indices {
                let (value, fallback) = estimate(user: users[row], item: items[row], heap: &heap)
                values[row] = clip(value, to: scale)
                fallbacks[row] = fallback
            }
            return Predictions(values: values, fallbacks: fallbacks)
        }

        private func estimate(user: Int32, item: Int32, heap: inout Heap<Neighbour>) -> (value: Double, fallback: PredictionFallback) {
            let baseline = biases.estimate(user: user, item: item, index: index)
            let unknown = index.unknownSides(user: user, item: item)
            guard unknown.isEmpty else { return (baseline, unknown) }
            let (x, y) = parameters.on == .items ? (Int(item), Int(user)) : (Int(user), Int(item))
            let k = parameters.k, n = similarities.count

            // The k most similar x that y rated; non-positive similarities never contribute.
            similarities.values.withUnsafeBufferPointer { similarity in
            sides.yMembers.withUnsafeBufferPointer { members in
            sides.yValues.withUnsafeBufferPointer { ratings in
                let row = x * n
                for position in sides.yOffsets[y]..<sides.yOffsets[y + 1] {
                    let neighbour = Int(members[position])
                    let weight = similarity[row + neighbour]
                    guard weight > 0 else { continue }
                    let candidate = Neighbour(similarity: weight, entity: Int32(neighbour), rating: ratings[position])
                    if heap.count < k {
                        heap.insert(candidate)
                    } else if let weakest = heap.min, weakest < candidate {
                        heap.replaceMin(with: candidate)
                    }
                }
            }}}

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
