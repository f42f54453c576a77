import MLCore
import Testing
@testable import MLModels

@Suite struct BaselineTests {
    /// u0: i0=4, i1=3; u1: i0=5, i2=2; u2: i1=1, i2=3. Mean 3.
    let threeByThree = ratingSet([(0, 0, 4), (0, 1, 3), (1, 0, 5), (1, 2, 2), (2, 1, 1), (2, 2, 3)])

    @Test func alsBiasesMatchHandComputation() throws {
        // One epoch, reg 1: b_i = Σ(r - μ) / (1 + n_i); then b_u = Σ(r - μ - b_i) / (1 + n_u).
        let model = Baseline(.init(method: .als, epochs: 1, regUser: 1, regItem: 1))
        let fitted = try model.fit(train: threeByThree, scale: 1...5, seed: 1)
        #expect(fitted.globalMean == 3)
        let expectedItems = [1.0, -2.0 / 3, -1.0 / 3], expectedUsers = [2.0 / 9, 1.0 / 9, -1.0 / 3]
        for k in 0..<3 {
            #expect(abs(fitted.itemBiases[k] - expectedItems[k]) < 1e-12)
            #expect(abs(fitted.userBiases[k] - expectedUsers[k]) < 1e-12)
        }
        let prediction = fitted.predict(user: 0, item: 0)
        #expect(abs(prediction.value - (3 + 2.0 / 9 + 1)) < 1e-12)
        #expect(!prediction.usedFallback)
    }

    @Test func sgdBiasesMatchHandComputation() throws {
        // Mean 3; each rating is one step: err = ±1, so b += 0.1 · err.
        let train = ratingSet([(0, 0, 4), (1, 1, 2)])
        let fitted = try Baseline(.init(method: .sgd, epochs: 1, reg: 0, learningRate: 0.1))
            .fit(train: train, scale: 1...5, seed: 1)
        #expect(abs(fitted.userBiases[0] - 0.1) < 1e-12)
        #expect(abs(fitted.itemBiases[1] + 0.1) < 1e-12)
        #expect(abs(fitted.predict(user: 0, item: 0).value - 3.2) < 1e-12)
    }

    @Test func unknownUserFallsBackToItemBias() throws {
        let train = ratingSet([(0, 0, 4), (0, 1, 3), (1, 0, 5)], users: 3, items: 3)
        let fitted = try Baseline().fit(train: train, scale: 1...5, seed: 1)
        let prediction = fitted.predict(user: 2, item: 0)
        #expect(prediction.fallback == .unknownUser)
        #expect(abs(prediction.value - (fitted.globalMean + fitted.itemBiases[0])) < 1e-12)
        let neither = fitted.predict(user: 2, item: 2)
        #expect(neither.fallback == [.unknownUser, .unknownItem])
        #expect(neither.value == fitted.globalMean)
        let outside = fitted.predict(user: 99, item: -1)
        #expect(outside.value == fitted.globalMean)
        let batch = fitted.predict(users: [0, 2, 2], items: [0, 0, 2])
        #expect(batch.fallbackCount == 2)
    }

    @Test func sgdDivergenceNamesTheLearningRate() throws {
        let train = syntheticRatings(users: 30, items: 20, count: 300, seed: 3)
        #expect {
            _ = try Baseline(.init(method: .sgd, learningRate: 10)).fit(train: train, scale: 1...5, seed: 1)
        } throws: { error in
            guard let error = error as? ModelError else { return false }
            return error.code == .diverged && error.message.contains("learning rate 10.0 is likely too high")
                && error.message.contains("epoch")
        }
    }

    @Test func globalMeanPredictsTheMeanClipped() throws {
        let fitted = try GlobalMean().fit(train: threeByThree, scale: 1...2.5, seed: 1)
        #expect(fitted.predict(user: 0, item: 0).value == 2.5)
        #expect(fitted.mean == 3)
    }

    @Test func emptyTrainingSetIsAnError() {
        #expect(throws: ModelError.self) {
            _ = try Baseline().fit(train: ratingSet([], users: 1, items: 1), scale: 1...5, seed: 1)
        }
    }
}
