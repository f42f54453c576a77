import MLCore
import Testing
@testable import MLModels

@Suite struct DivergenceRetryTests {
    static let data = syntheticRatings(users: 50, items: 35, count: 900, seed: 5)

    /// Models whose learning rate is far too high for these ratings.
    static func diverging(_ policy: DivergencePolicy) -> [any RatingModel] {
        [
            MatrixFactorization(.init(factors: 8, epochs: 12, learningRate: 0.6, onDivergence: policy)),
            SVDPlusPlus(.init(factors: 8, epochs: 12, learningRate: 0.6, onDivergence: policy)),
            Baseline(.init(method: .sgd, epochs: 12, learningRate: 2.5, onDivergence: policy)),
        ]
    }

    @Test func failThrowsTheDivergenceWithItsEpoch() throws {
        for model in Self.diverging(.fail) + Self.diverging(.retry(times: 0)) {
            do {
                _ = try model.fit(train: Self.data, scale: 1...5, seed: 1)
                Issue.record("\(type(of: model).kind) did not diverge")
            } catch let error as ModelError {
                #expect(error.code == .diverged)
                #expect(error.message.hasPrefix("training diverged in epoch "), "\(error.message)")
            }
        }
    }

    @Test(arguments: [UInt64(1), 2])
    func retryRestartsFromTheLastFiniteEpochAtHalfTheRate(seed: UInt64) throws {
        for (failing, retrying) in zip(Self.diverging(.fail), Self.diverging(.retry(times: 8))) {
            let kind = type(of: failing).kind
            var failedEpoch = 0
            do {
                _ = try failing.fit(train: Self.data, scale: 1...5, seed: seed)
            } catch let error as ModelError {
                let words = error.message.split(separator: " ")
                failedEpoch = words.firstIndex(of: "epoch").flatMap { Int(words[$0 + 1]) } ?? 0
            }
            let fitted = try retrying.fit(train: Self.data, scale: 1...5, seed: seed)
            let report = fitted.trainingReport
            #expect(report.epochs == 12, "\(kind)")
            let first = try #require(report.retries.first, "\(kind)")
            #expect(first.epoch == failedEpoch, "\(kind)")
            // Each retry halves the rate of the one before.
            for (k, retry) in report.retries.enumerated() where k > 0 {
                #expect(retry.learningRate == report.retries[k - 1].learningRate / 2, "\(kind)")
            }
            #expect(report.summary.hasPrefix("diverged at epoch \(failedEpoch), retried with lr "), "\(report.summary)")
            let predictions = try fitted.predict(Self.data)
            #expect(predictions.values.allSatisfy { $0.isFinite })
            // The same seed retries the same way.
            let again = try retrying.fit(train: Self.data, scale: 1...5, seed: seed)
            #expect(again.trainingReport == report)
            #expect(try again.predict(Self.data).values.map(\.bitPattern) == predictions.values.map(\.bitPattern))
        }
    }

    @Test func aRetriedFitIsThePlainOneUntilItDivergesThenLearnsAtHalfTheRate() throws {
        let p = MatrixFactorization.Parameters(factors: 6, epochs: 10, learningRate: 0.6, strata: 1)
        var retryParameters = p
        retryParameters.onDivergence = .retry(times: 6)
        let retried = try MatrixFactorization(retryParameters).fit(train: Self.data, scale: 1...5, seed: 3)
        let retry = try #require(retried.trainingReport.retries.first)
        // Before the divergence, the retried fit is the plain one.
        var early = p
        early.epochs = retry.epoch - 1
        let prefix = try MatrixFactorization(early).fit(train: Self.data, scale: 1...5, seed: 3)
        #expect(prefix.epochLosses == Array(retried.epochLosses.prefix(retry.epoch - 1)))
        // From there on it runs at half the rate, and the training loss falls.
        #expect(retry.learningRate == 0.3)
        let after = Array(retried.epochLosses.dropFirst(retry.epoch - 1))
        #expect(after.last.map { $0 < after[0] } ?? false, "\(after)")
    }

    @Test func aNegativeRetryCountIsRefused() {
        #expect(throws: ModelError.self) {
            _ = try MatrixFactorization(.init(onDivergence: .retry(times: -1))).fit(
                train: Self.data, scale: 1...5, seed: 1)
        }
    }
}
