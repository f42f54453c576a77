import MLCore
import Testing
@testable import MLModels

@Suite("Time-varying weights")
struct TimeVaryingWeightsTests {
    /// Two members whose accuracy swaps at time `swap`: before it the first is the
    /// good one (noise 0.2) and the second poor (noise 1), after it the reverse.
    /// Rows are shuffled so that the fit has to sort them by time.
    static func swapping(rows: Int, startingAt start: Int = 0, swap: Int, seed: UInt64) -> (CombinerData, times: [Double]) {
        var generator = SeededGenerator(seed: seed, label: "test.swap")
        var times = (start..<(start + rows)).map(Double.init)
        generator.shuffle(&times)
        var targets = [Double](repeating: 0, count: rows)
        var members = [[Double]](repeating: [Double](repeating: 0, count: rows), count: 2)
        for row in 0..<rows {
            targets[row] = 1 + 4 * generator.nextUnit()
            let early = times[row] < Double(swap)
            members[0][row] = targets[row] + (early ? 0.2 : 1) * generator.nextGaussian()
            members[1][row] = targets[row] + (early ? 1 : 0.2) * generator.nextGaussian()
        }
        return (CombinerData(members: members, targets: targets), times)
    }

    @Test(arguments: [WeightFit.leastSquares, .nonNegative, .inverseError(power: 2)], [1, 2, 3] as [UInt64])
    func weightsFollowTheSwapAndBeatOneFixedFit(fit: WeightFit, seed: UInt64) throws {
        let (validation, times) = Self.swapping(rows: 2_000, swap: 1_000, seed: seed)
        let (test, testTimes) = Self.swapping(rows: 500, startingAt: 2_000, swap: 1_000, seed: seed + 100)
        for window in [TimeWindow.rows(250), .duration(250)] {
            for smoothing in [0.0, 0.3] {
                let windowed = try PredictionCombiner.fitWindowed(
                    fit, members: validation.members, targets: validation.targets, times: times, window: window,
                    smoothing: smoothing)
                #expect(windowed.windows.count == 8)
                let first = try #require(windowed.windows.first).combination.weights
                let last = try #require(windowed.windows.last).combination.weights
                #expect(first[0] > first[1])
                #expect(last[1] > last[0])

                let fixed = try PredictionCombiner.fitWeights(fit, members: validation.members, targets: validation.targets)
                let windowedError = rootMeanSquaredError(
                    windowed.apply(test.members, times: testTimes, scale: 1...5), test.targets)
                let fixedError = rootMeanSquaredError(fixed.apply(test.members, scale: 1...5), test.targets)
                #expect(windowedError < fixedError - 0.05)
            }
        }
    }

    /// With smoothing 0 each window is the plain fit on its own rows; with smoothing s
    /// it is `(1 − s)·own + s·previous smoothed`.
    @Test(arguments: [4, 5] as [UInt64])
    func smoothingBlendsWithThePreviousWindow(seed: UInt64) throws {
        let data = noisyMembers(noise: [0.3, 0.5, 0.8], rows: 400, seed: seed)
        let times = (0..<400).map { Double($0) * 0.5 }
        let independent = try PredictionCombiner.fitWindowed(
            .leastSquares, members: data.members, targets: data.targets, times: times, window: .rows(100), smoothing: 0)
        #expect(independent.windows.count == 4)
        for (index, window) in independent.windows.enumerated() {
            let rows = (index * 100)..<((index + 1) * 100)
            let own = try PredictionCombiner.fitWeights(
                .leastSquares, members: data.members.map { Array($0[rows]) }, targets: Array(data.targets[rows]))
            #expect(window.combination == own)
            #expect(window.from == times[rows.lowerBound] && window.to == times[rows.upperBound - 1])
        }

        let s = 0.4
        let smoothed = try PredictionCombiner.fitWindowed(
            .leastSquares, members: data.members, targets: data.targets, times: times, window: .rows(100), smoothing: s)
        var expected = independent.windows[0].combination
        #expect(smoothed.windows[0].combination == expected)
        for index in 1..<4 {
            let own = independent.windows[index].combination
            expected = LinearCombination(
                weights: (0..<3).map { (1 - s) * own.weights[$0] + s * expected.weights[$0] },
                intercept: (1 - s) * own.intercept + s * expected.intercept)
            #expect(smoothed.windows[index].combination == expected)
        }
    }

    @Test func rowWindowsMergeAShortLastGroup() {
        let ten = PredictionCombiner.cutWindows(times: (0..<10).map(Double.init), order: Array(0..<10), window: .rows(4))
        #expect(ten.map(\.positions) == [0..<4, 4..<8, 8..<10])
        let nine = PredictionCombiner.cutWindows(times: (0..<9).map(Double.init), order: Array(0..<9), window: .rows(4))
        #expect(nine.map(\.positions) == [0..<4, 4..<9])
        #expect(nine.map(\.from) == [0, 4] && nine.map(\.to) == [3, 8])
        let three = PredictionCombiner.cutWindows(times: [0, 1, 2], order: [0, 1, 2], window: .rows(10))
        #expect(three.map(\.positions) == [0..<3])
    }

    @Test func durationWindowsSkipEmptySpans() {
        let times: [Double] = [11, 0, 2, 1, 10, 2.5]
        let order = PredictionCombiner.timeOrder(times)
        #expect(order == [1, 3, 2, 5, 4, 0])
        let spans = PredictionCombiner.cutWindows(times: times, order: order, window: .duration(3))
        #expect(
            spans == [
                WindowSpan(positions: 0..<4, from: 0, to: 3),
                WindowSpan(positions: 4..<6, from: 9, to: 12),
            ])
    }

    @Test func tiesKeepRowOrder() {
        #expect(PredictionCombiner.timeOrder([5, 1, 5, 1, 3]) == [1, 3, 4, 0, 2])
    }

    @Test func lookupPicksTheWindowInForce() {
        func window(_ from: Double, _ to: Double, _ weight: Double) -> WindowedCombination.Window {
            .init(from: from, to: to, combination: LinearCombination(weights: [weight]))
        }
        let windowed = WindowedCombination(windows: [window(0, 3, 1), window(9, 12, 2), window(12, 15, 3)])
        #expect(windowed.combination(at: -5).weights == [1])  // before the first
        #expect(windowed.combination(at: 0).weights == [1])
        #expect(windowed.combination(at: 2.9).weights == [1])
        #expect(windowed.combination(at: 5).weights == [1])  // in a gap: the latest before it
        #expect(windowed.combination(at: 9).weights == [2])
        #expect(windowed.combination(at: 12).weights == [3])
        #expect(windowed.combination(at: 100).weights == [3])  // past the last
        #expect(WindowedCombination(windows: []).combination(at: 1).weights.isEmpty)
        let applied = windowed.apply([[2, 2, 2, 2]], times: [-1, 10, 13, 50], scale: 0...5)
        #expect(applied == [2, 4, 5, 5])
    }

    @Test func smallWindowsReuseThePreviousOrTheGlobalFit() throws {
        let data = noisyMembers(noise: [0.3, 0.6], rows: 12, seed: 6)
        let times = [0, 1, 10, 11, 12, 13, 14, 20, 30, 31, 32, 33].map(Double.init)
        let windowed = try PredictionCombiner.fitWindowed(
            .nonNegative, members: data.members, targets: data.targets, times: times, window: .duration(5), smoothing: 0.5)
        // Spans: [0, 1], [10...14], [20], [30...33]; two and one rows are fewer than 3.
        #expect(windowed.windows.map(\.from) == [0, 10, 20, 30])
        let global = try PredictionCombiner.fitWeights(.nonNegative, members: data.members, targets: data.targets)
        #expect(windowed.windows[0].combination == global)
        #expect(windowed.windows[2].combination == windowed.windows[1].combination)
        #expect(windowed.windows[1].combination != global)
    }

    @Test(arguments: [7, 8] as [UInt64])
    func oneWindowAppliesLikeItsCombination(seed: UInt64) throws {
        let data = noisyMembers(noise: [0.3, 0.6, 0.9], rows: 300, seed: seed)
        let times = (0..<300).map(Double.init)
        let windowed = try PredictionCombiner.fitWindowed(
            .leastSquares, members: data.members, targets: data.targets, times: times, window: .rows(1_000), smoothing: 0)
        let global = try PredictionCombiner.fitWeights(.leastSquares, members: data.members, targets: data.targets)
        #expect(windowed.windows.count == 1 && windowed.windows[0].combination == global)
        let applied = windowed.apply(data.members, times: times, scale: 1...5)
        #expect(applied.map(\.bitPattern) == global.apply(data.members, scale: 1...5).map(\.bitPattern))
    }

    @Test func invalidParametersAreRejected() {
        let data = noisyMembers(noise: [0.3], rows: 10, seed: 9)
        let times = (0..<10).map(Double.init)
        func code(times: [Double] = times, window: TimeWindow = .rows(5), smoothing: Double = 0) -> ModelError.Code? {
            do {
                _ = try PredictionCombiner.fitWindowed(
                    .leastSquares, members: data.members, targets: data.targets, times: times, window: window,
                    smoothing: smoothing)
            } catch let error as ModelError {
                return error.code
            } catch {}
            return nil
        }
        #expect(code() == nil)
        #expect(code(smoothing: 1) == .invalidParameter)
        #expect(code(smoothing: -0.1) == .invalidParameter)
        #expect(code(window: .rows(0)) == .invalidParameter)
        #expect(code(window: .duration(0)) == .invalidParameter)
        #expect(code(window: .duration(.infinity)) == .invalidParameter)
        #expect(code(times: Array(times.dropLast())) == .invalidParameter)
        #expect(code(times: times.map { $0 == 3 ? .nan : $0 }) == .invalidParameter)
    }
}
