import MLCore

/// A predictor that scores every item for a batch of users at once, for
/// recommendation and all-item ranking. Each score equals what
/// `predict(user:item:)` gives for the pair, clipped to the scale; factor
/// models compute it with a blocked kernel that keeps the summation order of
/// `estimate`, so the values agree bit for bit (tests allow 1e-5, the rounding
/// a different summation order would bring).
public protocol AllItemScoring: PointPredictor {
    /// Fills `scores` (resized to `users.count × itemCount`, row-major) with the
    /// clipped prediction of every (users[r], item) pair for items `0..<itemCount`.
    /// Indices outside the training tables count as unknown, as in `estimate`.
    func scoreAllItems(users: [Int32], itemCount: Int, into scores: inout [Double])
    /// Builds now what the first all-item scoring would otherwise build (a
    /// server calls it on each new model before requests reach it).
    func prepareForScoring()
}

extension AllItemScoring {
    /// One `estimate` per pair: already direct for the bias models, and the
    /// reference the fast kernels are tested against.
    public func scoreAllItems(users: [Int32], itemCount: Int, into scores: inout [Double]) {
        scorePairwise(users: users, itemCount: itemCount, into: &scores)
    }

    public func prepareForScoring() {}
}

extension PointPredictor {
    /// Every (user, item) pair through `estimate`, clipped.
    public func scorePairwise(users: [Int32], itemCount: Int, into scores: inout [Double]) {
        resize(&scores, to: users.count * itemCount)
        let scale = self.scale
        scores.withUnsafeMutableBufferPointer { out in
            for (row, user) in users.enumerated() {
                for item in 0..<itemCount {
                    out[row * itemCount + item] = clip(estimate(user: user, item: Int32(item)).value, to: scale)
                }
            }
        }
    }
}

/// `buffer` with exactly `count` elements, reusing its storage.
@inline(__always)
func resize(_ buffer: inout [Double], to count: Int) {
    if buffer.count > count {
        buffer.removeLast(buffer.count - count)
    } else if buffer.count < count {
        buffer.append(contentsOf: repeatElement(0, count: count - buffer.count))
    }
}

extension GlobalMean.Fitted: AllItemScoring {}
extension Popularity.Fitted: AllItemScoring {}
extension SlopeOne.Fitted: AllItemScoring {}
