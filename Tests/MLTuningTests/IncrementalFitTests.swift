import Foundation
import MLCore
import Testing
@testable import MLTuning

@Suite("Incremental factors and refit schedule")
struct IncrementalFitTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func extendedFactorEqualsTheFullOneBitForBit(seed: UInt64) throws {
        let (encoding, inputs, targets) = GaussianProcessTests.data(seed: seed, count: 30)
        let parameters = KernelParameters(inverseSquaredLengthScales: [4, 2, 1], signal: 1.3, noise: 1e-8)
        let columns = encoding.columns
        let head = try #require(
            GaussianProcess(
                inputs: Array(inputs[..<(20 * columns)]), targets: Array(targets[..<20]), encoding: encoding,
                parameters: parameters, capacity: 20))
        let extended = try #require(
            GaussianProcess(
                inputs: inputs, targets: targets, encoding: encoding, parameters: parameters, capacity: 32,
                extending: head.snapshot))
        let full = try #require(
            GaussianProcess(inputs: inputs, targets: targets, encoding: encoding, parameters: parameters, capacity: 30))
        #expect(extended.snapshot == full.snapshot)
        #expect(extended.alpha.array.prefix(30).map(\.bitPattern) == full.alpha.array.map(\.bitPattern))
        // Appending rows one at a time gives the same factor too.
        let grown = try #require(
            GaussianProcess(
                inputs: Array(inputs[..<(20 * columns)]), targets: Array(targets[..<20]), encoding: encoding,
                parameters: parameters, capacity: 30))
        for i in 20..<30 {
            #expect(grown.append(input: Array(inputs[(i * columns)..<((i + 1) * columns)]), target: targets[i]))
        }
        #expect(grown.snapshot == full.snapshot)
        // A factor of other hyper-parameters is not used.
        var other = parameters
        other.signal = 2
        let ignored = try #require(
            GaussianProcess(
                inputs: inputs, targets: targets, encoding: encoding, parameters: other, capacity: 30, extending: head.snapshot))
        let reference = try #require(
            GaussianProcess(inputs: inputs, targets: targets, encoding: encoding, parameters: other, capacity: 30))
        #expect(ignored.snapshot == reference.snapshot)
    }

    @Test func choleskyExtensionMatchesTheFactorOfTheWholeMatrix() throws {
        var generator = SeededGenerator(seed: 11)
        let n = 9
        let b = (0..<(n * n)).map { _ in generator.nextGaussian() }
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                for k in 0..<n { a[i * n + j] += b[i * n + k] * b[j * n + k] }
            }
            a[i * n + i] += 0.5
        }
        let (full, _) = try #require(Cholesky.factor(a, n: n))
        // Factor the leading 5×5 block with a stride of n, then extend row by row.
        let grown = DoubleBuffer(a)
        #expect(Cholesky.factor(grown.base, n: 5, stride: n))
        for i in 5..<n { #expect(Cholesky.extend(grown.base, row: i, stride: n)) }
        for i in 0..<n {
            for j in 0...i { #expect(grown.base[i * n + j].bitPattern == full[i * n + j].bitPattern) }
        }
    }

    /// Two training points and a test point halfway between them, worked by hand.
    @Test func posteriorOfASymmetricPairMatchesTheClosedForm() throws {
        let encoding = InputEncoding(space: SearchSpace([.uniform(low: 0, high: 1)]))
        let noise = 1e-4
        let parameters = KernelParameters(inverseSquaredLengthScales: [4], signal: 2, noise: noise)
        let process = try #require(
            GaussianProcess(inputs: [0.25, 0.75], targets: [1, -0.5], encoding: encoding, parameters: parameters, capacity: 2))
        // r² = 4·0.5² = 1 between the points, 4·0.25² = 0.25 from each to the middle.
        func matern(_ r2: Double) -> Double { (1 + sqrt(5 * r2) + 5 * r2 / 3) * exp(-sqrt(5 * r2)) }
        let c = 2 * matern(1)
        let k = 2 * matern(0.25)
        // K = [[2 + noise, c], [c, 2 + noise]] and k* = (k, k): K⁻¹k* = k / (2 + noise + c)·(1, 1).
        let expectedMean = k * (1 - 0.5) / (2 + noise + c)
        let expectedVariance = 2 - 2 * k * k / (2 + noise + c)
        let x = DoubleBuffer([0.5])
        let mean = DoubleBuffer(count: 1)
        let variance = DoubleBuffer(count: 1)
        process.predict(x.base, count: 1, mean: mean.base, variance: variance.base)
        #expect(abs(mean.base[0] - expectedMean) < 1e-12)
        #expect(abs(variance.base[0] - expectedVariance) < 1e-12)
    }

    @Test func refitsThinOutAsTheHistoryGrows() {
        let points = (1...200).map { KernelFitSchedule.refitPoint(atOrBefore: $0) }
        #expect(Array(points[..<31]) == Array(1...31))
        #expect(KernelFitSchedule.refitPoint(atOrBefore: 33) == 32)
        #expect(KernelFitSchedule.refitPoint(atOrBefore: 67) == 64)
        #expect(KernelFitSchedule.refitPoint(atOrBefore: 200) == 200)
        #expect(KernelFitSchedule.refitPoint(atOrBefore: 199) == 192)
        #expect(zip(points, points.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(Set(points).count < 90)
        #expect([8, 16, 32, 64, 128].allSatisfy(KernelFitSchedule.isAnchor))
        #expect(![7, 12, 40].contains(where: KernelFitSchedule.isAnchor))
    }

    /// What a strategy keeps between proposals changes nothing: a fresh strategy asked about a
    /// long history proposes what the one that ran the search does.
    @Test(arguments: [1, 2] as [UInt64])
    func aFreshStrategyProposesWhatAWarmOneDoes(seed: UInt64) {
        let space = ReproducibilityTests.space
        let used = BayesianOptimization(space: space, seed: seed)
        let history = Minimize.run(used, budget: 45, objective: ReproducibilityTests.objective)
        let fresh = BayesianOptimization(space: space, seed: seed)
        let a = used.propose(history: history, count: 2)
        let b = fresh.propose(history: history, count: 2)
        #expect(a.map { $0.map(\.bitPattern) } == b.map { $0.map(\.bitPattern) })
        // And after a different history, back to the first: still the same.
        let other = Array(history.prefix(40)) + [Observation(point: history[44].point, value: 0.123)]
        _ = used.propose(history: other, count: 1)
        let again = used.propose(history: history, count: 2)
        #expect(again.map { $0.map(\.bitPattern) } == b.map { $0.map(\.bitPattern) })
    }

    @Test func rouletteStartsWithTheBestAndNeverRepeats() {
        var generator = SeededGenerator(seed: 3)
        let scores: [Double] = [-1, 0, -0.5, -.infinity, -2, -700]
        let chosen = AcquisitionSearch.roulette(scores, first: 1, count: 5, generator: &generator)
        #expect(chosen.first == 1)
        #expect(Set(chosen).count == chosen.count)
        #expect(!chosen.contains(3))
        #expect(chosen.count == 5)
    }
}
