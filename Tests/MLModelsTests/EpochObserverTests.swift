import MLCore
import Testing
@testable import MLModels

@Suite struct EpochObserverTests {
    /// Iterative models at small sizes, each with 6 epochs.
    static func models(epochs: Int) -> [any IterativeModel] {
        [
            MatrixFactorization(.init(factors: 6, epochs: epochs)),
            MatrixFactorization(.init(factors: 6, epochs: epochs, strata: 1)),
            SVDPlusPlus(.init(factors: 5, epochs: epochs)),
            AlternatingLeastSquares(.init(factors: 4, epochs: epochs)),
            Baseline(.init(method: .als, epochs: epochs)),
            Baseline(.init(method: .sgd, epochs: epochs)),
        ]
    }

    static let data = syntheticRatings(users: 50, items: 35, count: 900, seed: 5)

    func bits(_ model: any IterativeModel, observer: EpochObserver?, seed: UInt64) throws -> [UInt64] {
        let fitted = try model.fit(train: Self.data, scale: 1...5, seed: seed, observer: observer)
        return try fitted.predict(users: Self.data.users, items: Self.data.items).values.map(\.bitPattern)
    }

    @Test(arguments: [UInt64(1), 8])
    func anObserverThatProceedsChangesNothing(seed: UInt64) throws {
        for model in Self.models(epochs: 6) {
            var seen: [Int] = []
            let observer = EpochObserver { epoch, _ in
                seen.append(epoch)
                return .proceed
            }
            #expect(try bits(model, observer: nil, seed: seed) == bits(model, observer: observer, seed: seed))
            #expect(seen == Array(1...6), "\(type(of: model).kind)")
        }
    }

    @Test(arguments: [1, 3])
    func stoppingAtEpochKGivesTheModelOfKEpochs(k: Int) throws {
        let long = Self.models(epochs: 6), short = Self.models(epochs: k)
        for (model, reference) in zip(long, short) {
            let observer = EpochObserver { epoch, _ in epoch == k ? .stop : .proceed }
            #expect(try bits(model, observer: observer, seed: 3) == bits(reference, observer: nil, seed: 3))
        }
    }

    @Test func validationRMSEIsTheRMSEOfTheStateAfterEachEpoch() throws {
        let train = syntheticRatings(users: 60, items: 40, count: 1500, seed: 9)
        let split = foldAssignment(count: train.count, folds: 5, seed: 2)
        let fit = train.subset(split.indices.filter { split[$0] != 0 })
        let validation = train.subset(split.indices.filter { split[$0] == 0 })
        var scores: [Double] = []
        let observer = EpochObserver.validationRMSE(on: validation) { _, rmse in
            scores.append(rmse)
            return .proceed
        }
        _ = try MatrixFactorization(.init(factors: 5, epochs: 5)).fit(train: fit, scale: 1...5, seed: 4, observer: observer)
        #expect(scores.count == 5)
        for epochs in [2, 5] {
            let direct = try MatrixFactorization(.init(factors: 5, epochs: epochs)).fit(train: fit, scale: 1...5, seed: 4)
            #expect(scores[epochs - 1] == rootMeanSquaredError(try direct.predict(validation).values, validation.values))
        }
    }
}
