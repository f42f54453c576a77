import MLCore

/// `slope-one`: as Surprise's SlopeOne, r̂(u, i) = mean(u) + the mean, over the
/// items j that u rated and that share a rater with i, of dev(i, j), the mean
/// difference r_i - r_j over the users who rated both.
public struct SlopeOne: RatingModel {
    public static let kind = "slope-one"

    public struct Parameters: Sendable, Hashable {
        /// Largest item count: deviations are held in dense item × item matrices (12 bytes a pair).
        public var maxItems: Int

        public init(maxItems: Int = 10_000) { self.maxItems = maxItems }
    }

    public var parameters: Parameters

    public init(_ parameters: Parameters = Parameters()) { self.parameters = parameters }

    public func fit(train: RatingSet, scale: ClosedRange<Double>, seed: UInt64) throws -> Fitted {
        try validateTraining(train, scale: scale, kind: Self.kind)
        let n = train.itemCount
        try requireSize(items: n)
        let index = RatingIndex(train)
        var frequency = [Int32](repeating: 0, count: n * n)
        var deviation = [Double](repeating: 0, count: n * n)
        // One pass over users; each user's items are ascending, so only a < b is accumulated.
        index.userOffsets.withUnsafeBufferPointer { offsets in
            index.userItems.withUnsafeBufferPointer { items in
                index.userValues.withUnsafeBufferPointer { values in
                    frequency.withUnsafeMutableBufferPointer { frequency in
                        deviation.withUnsafeMutableBufferPointer { deviation in
                            for u in 0..<index.userCount {
                                let end = offsets[u + 1]
                                for a in offsets[u]..<end {
                                    let row = Int(items[a]) * n, valueA = values[a]
                                    for b in (a + 1)..<end {
                                        let cell = row + Int(items[b])
                                        frequency[cell] += 1
                                        deviation[cell] += valueA - values[b]
                                    }
                                }
                            }
                            for a in 0..<n {
                                for b in (a + 1)..<n {
                                    let cell = a * n + b, mirror = b * n + a
                                    let count = frequency[cell]
                                    let mean = count > 0 ? deviation[cell] / Double(count) : 0
                                    deviation[cell] = mean
                                    deviation[mirror] = -mean
                                    frequency[mirror] = count
                                }
                            }
                        }
                    }
                }
            }
        }
        return Fitted(
            index: index, frequency: frequency, deviation: deviation,
            userMeans: Self.userMeans(index), itemMeans: Self.itemMeans(index), scale: scale)
    }

    /// Throws `tooLarge` past `maxItems`: the deviation matrices are dense.
    func requireSize(items n: Int) throws {
        guard n <= parameters.maxItems else {
            throw ModelError(
                .tooLarge, model: Self.kind,
                "\(n) items exceed max_items \(parameters.maxItems): the deviation matrices are dense and would need \(12 * n * n / 1_000_000) MB; use knn (sparse neighbour rows) or a factorization model for more items"
            )
        }
    }

    static func userMeans(_ index: RatingIndex) -> [Double] {
        (0..<index.userCount).map { u in
            let range = index.userOffsets[u]..<index.userOffsets[u + 1]
            return range.isEmpty ? 0 : range.reduce(0.0) { $0 + index.userValues[$1] } / Double(range.count)
        }
    }

    static func itemMeans(_ index: RatingIndex) -> [Double] {
        (0..<index.itemCount).map { i in
            let range = index.itemOffsets[i]..<index.itemOffsets[i + 1]
            return range.isEmpty ? 0 : range.reduce(0.0) { $0 + index.itemValues[$1] } / Double(range.count)
        }
    }

    public struct Fitted: PointPredictor {
        let index: RatingIndex
        let frequency: [Int32]
        let deviation: [Double]
        public let userMeans: [Double]
        public let itemMeans: [Double]
        public let scale: ClosedRange<Double>

        /// Mean of r_a - r_b over users who rated both items (0 when none did).
        public func deviation(_ a: Int, _ b: Int) -> Double { deviation[a * index.itemCount + b] }

        public func estimate(user: Int32, item: Int32) -> (value: Double, fallback: PredictionFallback) {
            let unknown = index.unknownSides(user: user, item: item)
            switch (unknown.contains(.unknownUser), unknown.contains(.unknownItem)) {
            case (true, true): return (index.globalMean, unknown)
            case (true, false): return (itemMeans[Int(item)], unknown)
            case (false, true): return (userMeans[Int(user)], unknown)
            case (false, false): break
            }
            let u = Int(user), row = Int(item) * index.itemCount
            var sum = 0.0, count = 0
            frequency.withUnsafeBufferPointer { frequency in
                deviation.withUnsafeBufferPointer { deviation in
                    index.userItems.withUnsafeBufferPointer { items in
                        for k in index.userOffsets[u]..<index.userOffsets[u + 1] {
                            let cell = row + Int(items[k])
                            if frequency[cell] > 0 {
                                sum += deviation[cell]
                                count += 1
                            }
                        }
                    }
                }
            }
            return (userMeans[u] + (count > 0 ? sum / Double(count) : 0), [])
        }
    }
}
