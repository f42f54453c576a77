import Foundation
import MLCore
import Testing

@testable import MLModels

/// Watching a fit epoch by epoch changes nothing; stopping after epoch k
/// gives the model that `epochs: k` gives.
@Suite struct EpochObserverTests {
    static let train = syntheticRatings(users: 80, items: 60, count: 1500, seed: 4)
    static let validation = syntheticRatings(users: 80, items: 60, count: 300, seed: 5)
    static let models: [(name: String, full: any EpochwiseModel, short: any EpochwiseModel)] = [
        ("mf", MatrixFactorization(.init(factors: 5, epochs: 8)), MatrixFactorization(.init(factors: 5, epochs: 3))),
        ("svdpp", SVDPlusPlus(.init(factors: 4, epochs: 6)), SVDPlusPlus(.init(factors: 4, epochs: 3))),
        (
            "als", AlternatingLeastSquares(.init(factors: 4, epochs: 6, threads: 1)),
            AlternatingLeastSquares(.init(factors: 4, epochs: 3, threads: 1))
        ),
    ]

    private func predictions(_ model: any EpochwiseModel, observer: EpochObserver?) throws -> [Double] {
        let fitted = try model.fit(train: Self.train, scale: 1...5, seed: 9, observer: observer)
        return try fitted.predict(Self.validation).values
    }

    @Test(arguments: [0, 1, 2])
    func anObserverThatLetsItRunChangesNothing(_ index: Int) throws {
        let model = Self.models[index].full
        let seen = EpochLog()
        let watched = try predictions(
            model,
            observer: .validationError(on: Self.validation) { epoch, rmse in
                seen.append(epoch, rmse)
                return .proceed
            })
        #expect(try predictions(model, observer: nil) == watched, "\(Self.models[index].name)")
        let log = seen.entries
        #expect(log.map(\.epoch) == Array(1...log.count) && log.count >= 6)
        // The last epoch's validation error is the returned model's.
        let final = rootMeanSquaredError(watched, Self.validation.values)
        #expect(abs((log.last?.rmse ?? 0) - final) < 1e-12)
    }

    @Test(arguments: [0, 1, 2])
    func stoppingAfterAnEpochGivesTheShorterFit(_ index: Int) throws {
        let (name, full, short) = Self.models[index]
        let stopped = try predictions(full, observer: EpochObserver { epoch, _ in epoch == 3 ? .stop : .proceed })
        #expect(try predictions(short, observer: nil) == stopped, "\(name)")
    }
}

/// Epochs and errors an observer saw, in order.
private final class EpochLog: @unchecked Sendable {
    private var log: [(epoch: Int, rmse: Double)] = []
    private let lock = NSLock()

    func append(_ epoch: Int, _ rmse: Double) {
        lock.lock()
        log.append((epoch, rmse))
        lock.unlock()
    }

    var entries: [(epoch: Int, rmse: Double)] {
        lock.lock()
        defer { lock.unlock() }
        return log
    }
}
