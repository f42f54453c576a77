import Foundation
import MLCore
import Testing
@testable import MLModels

@Suite("Weighted median")
struct WeightedMedianTests {
    @Test func handCases() {
        #expect(weightedMedian([3, 1, 2], weights: [1, 1, 1]) == 2)
        // Half the total reached exactly at 2: the smaller middle value.
        #expect(weightedMedian([1, 2, 3, 4], weights: [1, 1, 1, 1]) == 2)
        #expect(weightedMedian([1, 2, 3, 4], weights: [1, 1, 1, 3]) == 3)
        #expect(weightedMedian([4, 3, 2, 1], weights: [5, 1, 1, 1]) == 4)
        #expect(weightedMedian([10, 1, 2], weights: [0, 1, 1]) == 1)
        #expect(weightedMedian([5], weights: [2]) == 5)
        // Equal values count together whatever their positions.
        #expect(weightedMedian([2, 1, 2, 1], weights: [1, 2, 3, 4]) == 1)
        #expect(weightedMedian([2, 1, 2, 1], weights: [4, 1, 3, 1]) == 2)
        // All-zero weights: the values count equally.
        #expect(weightedMedian([9, 7, 8], weights: [0, 0, 0]) == 8)
        #expect(weightedMedian([], weights: []).isNaN)
    }

    /// Any order of the pairs gives the same median, on both the small and the large path,
    /// and it matches a direct reading of the definition.
    @Test(arguments: [1, 2, 3] as [UInt64], [5, 31, 33, 200])
    func orderDoesNotMatterAndMatchesTheDefinition(seed: UInt64, count: Int) {
        var generator = SeededGenerator(seed: seed, label: "test.median")
        // Few distinct values, so that ties are common.
        let values = (0..<count).map { _ in Double(generator.nextInt(below: 7)) }
        let weights = (0..<count).map { _ in generator.nextUnit() }
        let median = weightedMedian(values, weights: weights)
        var pairs = Array(zip(values, weights))
        generator.shuffle(&pairs)
        #expect(weightedMedian(pairs.map(\.0), weights: pairs.map(\.1)) == median)
        let total = weights.reduce(0, +)
        let reached = Set(values).sorted().first { candidate in
            zip(values, weights).filter { $0.0 <= candidate }.map(\.1).reduce(0, +) >= total / 2 - 1e-12
        }
        #expect(median == reached)
    }
}

@Suite("AdaBoost.R2")
struct AdaBoostR2Tests {
    @Test func updateMovesWeightTowardTheWorstRows() {
        var state = AdaBoostR2State(rows: 4)
        #expect(state.sampleWeights == [0.25, 0.25, 0.25, 0.25])
        // Errors 4, 1, 0, 1: losses 1, 1/4, 0, 1/4; average 3/8; beta 3/5.
        let first = state.update(predictions: [4, 1, 0, -1], targets: [0, 0, 0, 0])
        #expect(first)
        let beta = 0.375 / 0.625
        #expect(abs(state.memberWeights[0] - log(1 / beta)) < 1e-15)
        let raw = [1, pow(beta, 0.75), beta, pow(beta, 0.75)].map { 0.25 * $0 }
        let total = raw.reduce(0, +)
        for row in 0..<4 { #expect(abs(state.sampleWeights[row] - raw[row] / total) < 1e-15) }
        #expect(state.sampleWeights[0] > 0.25 && state.sampleWeights[2] < 0.25)
        #expect(abs(state.sampleWeights.reduce(0, +) - 1) < 1e-15)
        #expect(!state.stopped)

        // Errors 1, 0, 0, 0 on the new weights: average loss = the first row's weight < 0.5.
        let weightBefore = state.sampleWeights[0]
        let second = state.update(predictions: [1, 0, 0, 0], targets: [0, 0, 0, 0])
        #expect(second)
        let beta2 = weightBefore / (1 - weightBefore)
        #expect(abs(state.memberWeights[1] - log(1 / beta2)) < 1e-12)
        #expect(state.sampleWeights[0] > weightBefore)
    }

    @Test func stopsWhenTheAverageLossReachesOneHalf() {
        var state = AdaBoostR2State(rows: 4)
        // Losses 1, 1, 0, 0: average exactly 0.5.
        let kept = state.update(predictions: [2, 2, 0, 0], targets: [0, 0, 0, 0])
        #expect(!kept)
        #expect(state.stopped)
        #expect(state.memberWeights.isEmpty)
        #expect(state.sampleWeights == [0.25, 0.25, 0.25, 0.25])
        // Once stopped, nothing changes.
        let later = state.update(predictions: [1, 0, 0, 0], targets: [0, 0, 0, 0])
        #expect(!later)
        #expect(state.memberWeights.isEmpty)
    }

    @Test func aPerfectMemberStopsWithoutBeingKept() {
        var state = AdaBoostR2State(rows: 3)
        let kept = state.update(predictions: [1, 2, 3], targets: [1, 2, 3])
        #expect(!kept)
        #expect(state.stopped && state.memberWeights.isEmpty)
    }

    @Test func predictionIsTheWeightedMedianPerRow() {
        let members: [[Double]] = [[1, 5], [2, 6], [3, 7]]
        #expect(PredictionCombiner.adaBoostPredict(memberPredictions: members, memberWeights: [1, 1, 3]) == [3, 7])
        #expect(PredictionCombiner.adaBoostPredict(memberPredictions: members, memberWeights: [3, 1, 1]) == [1, 5])
        #expect(PredictionCombiner.adaBoostPredict(memberPredictions: members, memberWeights: [1, 1, 1]) == [2, 6])
        #expect(PredictionCombiner.adaBoostPredict(memberPredictions: [[4, 2]], memberWeights: [0.3]) == [4, 2])
        #expect(PredictionCombiner.adaBoostPredict(memberPredictions: [], memberWeights: []).isEmpty)
    }

    /// Rounds of boosting on noisy members: the sample weights stay a distribution, every
    /// kept member has a positive weight, and the boosted prediction covers every row.
    @Test(arguments: [4, 5, 6] as [UInt64])
    func roundsKeepADistribution(seed: UInt64) {
        var generator = SeededGenerator(seed: seed, label: "test.boost")
        let rows = 50
        let targets = (0..<rows).map { _ in 1 + 4 * generator.nextUnit() }
        var state = AdaBoostR2State(rows: rows)
        var kept: [[Double]] = []
        for _ in 0..<8 where !state.stopped {
            let predictions = targets.map { $0 + 0.3 * generator.nextGaussian() }
            if state.update(predictions: predictions, targets: targets) { kept.append(predictions) }
            #expect(abs(state.sampleWeights.reduce(0, +) - 1) < 1e-12)
            #expect(state.sampleWeights.allSatisfy { $0 > 0 })
        }
        #expect(kept.count == state.memberWeights.count && !kept.isEmpty)
        #expect(state.memberWeights.allSatisfy { $0 > 0 })
        let boosted = PredictionCombiner.adaBoostPredict(memberPredictions: kept, memberWeights: state.memberWeights)
        #expect(boosted.count == rows)
    }
}
