import Foundation
import Testing
@testable import MLCore

@Suite("Resampling with replacement")
struct ResamplingTests {
    @Test(arguments: [1, 2, 3] as [UInt64], [0.5, 1, 1.7])
    func bootstrapCoversEveryIndexOnce(seed: UInt64, fraction: Double) {
        let count = 1_000
        let (inBag, outOfBag) = Resampling.bootstrap(count: count, fraction: fraction, seed: seed)
        #expect(inBag.count == Int((Double(count) * fraction).rounded()))
        #expect(inBag == inBag.sorted() && outOfBag == outOfBag.sorted())
        #expect(Set(outOfBag).count == outOfBag.count)
        #expect(Set(inBag).isDisjoint(with: outOfBag))
        #expect(Set(inBag).union(outOfBag) == Set(0..<count))
        #expect(inBag.allSatisfy { (0..<count).contains($0) })
        // An index stays out of a bag of n·f draws with probability (1 − 1/n)^(n·f) ≈ e^(−f).
        let expectedShare = exp(-fraction)
        #expect(abs(Double(outOfBag.count) / Double(count) - expectedShare) < 0.05)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func bootstrapIsReproducibleForASeed(seed: UInt64) {
        let first = Resampling.bootstrap(count: 500, fraction: 1, seed: seed)
        let again = Resampling.bootstrap(count: 500, fraction: 1, seed: seed)
        let other = Resampling.bootstrap(count: 500, fraction: 1, seed: seed + 10)
        #expect(first.inBag == again.inBag && first.outOfBag == again.outOfBag)
        #expect(first.inBag != other.inBag)
    }

    /// The draws are fixed by `SeededGenerator` alone: a change here changes every cached bag.
    @Test func bootstrapDrawsArePinned() {
        let (inBag, outOfBag) = Resampling.bootstrap(count: 10, fraction: 1, seed: 42)
        #expect(inBag == [0, 2, 2, 3, 4, 5, 6, 6, 7, 7])
        #expect(outOfBag == [1, 8, 9])
        #expect(Resampling.weighted(weights: [1, 2, 3, 4], count: 8, seed: 42) == [1, 2, 2, 2, 2, 2, 3, 3])
    }

    @Test func bootstrapEdgeCases() {
        #expect(Resampling.bootstrap(count: 0, fraction: 1, seed: 1) == ([], []))
        #expect(Resampling.bootstrap(count: 5, fraction: 0, seed: 1) == ([], [0, 1, 2, 3, 4]))
        #expect(Resampling.bootstrap(count: 1, fraction: 3, seed: 1) == ([0, 0, 0], []))
    }

    @Test(arguments: [4, 5, 6] as [UInt64])
    func weightedDrawsFavourHeavyRows(seed: UInt64) {
        let weights: [Double] = [1, 0, 1, 1, 7]
        let drawn = Resampling.weighted(weights: weights, count: 10_000, seed: seed)
        #expect(drawn.count == 10_000 && drawn == drawn.sorted())
        #expect(!drawn.contains(1))
        let heavy = drawn.filter { $0 == 4 }.count
        #expect(abs(Double(heavy) / 10_000 - 0.7) < 0.02)
        for light in [0, 2, 3] {
            #expect(abs(Double(drawn.filter { $0 == light }.count) / 10_000 - 0.1) < 0.02)
        }
        #expect(Resampling.weighted(weights: weights, count: 10_000, seed: seed) == drawn)
        #expect(Resampling.weighted(weights: weights, count: 10_000, seed: seed + 10) != drawn)
    }

    @Test func weightedEdgeCases() {
        #expect(Resampling.weighted(weights: [], count: 5, seed: 1).isEmpty)
        #expect(Resampling.weighted(weights: [1, 2], count: 0, seed: 1).isEmpty)
        #expect(Resampling.weighted(weights: [0, 0, 3], count: 4, seed: 1) == [2, 2, 2, 2])
        let uniform = Resampling.weighted(weights: [0, 0, 0], count: 3_000, seed: 1)
        #expect(uniform.count == 3_000 && Set(uniform) == [0, 1, 2])
    }
}
