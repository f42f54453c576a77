import Foundation
import MLCore
import Testing
@testable import MLModels

@Suite struct AutoRecTests {
    static let small = AutoRec(
        .init(
            hidden: [16], epochs: 30, learningRate: 0.01, learning: LearningOptions(optimizer: OptimizerSettings(.adam), batch: 8)
        ))

    @Test func denseProductMatchesTheNaiveOne() {
        let m = 7, k = 133, n = 150
        let a = (0..<(m * k)).map { Float(($0 * 37) % 11) - 5 }, b = (0..<(k * n)).map { Float(($0 * 13) % 7) - 3 }
        var c = [Float](repeating: 1, count: m * n)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    DenseKernels.multiplyAdd(a.baseAddress!, b.baseAddress!, c.baseAddress!, m: m, k: k, n: n)
                }
            }
        }
        for i in 0..<m {
            for j in 0..<n {
                var sum: Float = 1
                for p in 0..<k { sum += a[i * k + p] * b[p * n + j] }
                #expect(c[i * n + j] == sum)
            }
        }
    }

    @Test func learnsAndIsDeterministic() throws {
        let data = syntheticRatings(users: 60, items: 40, count: 1500, seed: 4)
        let train = data.subset(Array(0..<1300)), test = data.subset(Array(1300..<1500))
        let first = try Self.small.fit(train: train, scale: 1...5, seed: 3)
        let second = try Self.small.fit(train: train, scale: 1...5, seed: 3)
        #expect(try first.predict(test).values.map(\.bitPattern) == second.predict(test).values.map(\.bitPattern))
        // The training loss falls, and the model beats the global mean on held-out rows.
        #expect(first.epochLosses.last! < first.epochLosses.first!)
        let mean = train.values.reduce(0, +) / Double(train.count)
        let baseline = rootMeanSquaredError([Double](repeating: mean, count: test.count), test.values)
        #expect(rootMeanSquaredError(try first.predict(test).values, test.values) < baseline)
    }

    @Test(arguments: OptimizerKind.allCases)
    func everyOptimizerAndDeepNetworksTrain(optimizer: OptimizerKind) throws {
        let data = syntheticRatings(users: 40, items: 30, count: 700, seed: 6)
        var p = AutoRec.Parameters(
            hidden: [12, 6, 12], activations: [.relu, .tanh, .sigmoid], initialization: .he, dropout: 0.1, epochs: 5,
            learningRate: 0.005)
        p.learning = LearningOptions(optimizer: OptimizerSettings(optimizer), loss: .huber(delta: 1), batch: 4)
        let fitted = try AutoRec(p).fit(train: data, scale: 1...5, seed: 1)
        #expect(fitted.epochLosses.allSatisfy { $0.isFinite })
        #expect(fitted.epochLosses.count == 5)
    }

    /// Unknown users get the item's mean, unknown items the global mean.
    @Test func fallsBackToTheBaseline() throws {
        let train = ratingSet([(0, 0, 5), (1, 0, 3), (0, 1, 2)], users: 3, items: 3)
        let fitted = try AutoRec(.init(hidden: [4], epochs: 2)).fit(train: train, scale: 1...5, seed: 1)
        let unknownUser = fitted.estimate(user: 2, item: 0)
        #expect(unknownUser.value == 4 && unknownUser.fallback == .unknownUser)
        let unknownItem = fitted.estimate(user: 0, item: 2)
        #expect(abs(unknownItem.value - 10.0 / 3) < 1e-12 && unknownItem.fallback == .unknownItem)
    }

    @Test func rejectsBadParameters() {
        let data = syntheticRatings(users: 10, items: 10, count: 40, seed: 1)
        #expect(throws: ModelError.self) { try AutoRec(.init(hidden: [])).fit(train: data, scale: 1...5, seed: 1) }
        #expect(throws: ModelError.self) {
            try AutoRec(.init(hidden: [4, 4], activations: [.relu, .relu, .relu])).fit(train: data, scale: 1...5, seed: 1)
        }
        #expect(throws: ModelError.self) { try AutoRec(.init(dropout: 1)).fit(train: data, scale: 1...5, seed: 1) }
    }
}
