import Foundation
import MLCore
import Testing
@testable import MLTuning

@Suite("Sobol' sequence")
struct SobolSequenceTests {
    /// The unscrambled points as SciPy's `qmc.Sobol(d, scramble=False)` gives them.
    @Test func firstPointsMatchKnownValues() {
        let sobol = SobolSequence(dimensions: 40, scrambleSeed: nil)
        let firstFive: [[Double]] = [
            [0, 0, 0, 0, 0], [0.5, 0.5, 0.5, 0.5, 0.5], [0.75, 0.25, 0.25, 0.25, 0.75], [0.25, 0.75, 0.75, 0.75, 0.25],
            [0.375, 0.375, 0.625, 0.875, 0.375], [0.875, 0.875, 0.125, 0.375, 0.875], [0.625, 0.125, 0.875, 0.625, 0.625],
            [0.125, 0.625, 0.375, 0.125, 0.125],
        ]
        for (index, expected) in firstFive.enumerated() { #expect(Array(sobol.point(index).prefix(5)) == expected) }
        let point5Dimensions21To40: [Double] = [
            0.625, 0.625, 0.875, 0.375, 0.375, 0.375, 0.875, 0.125, 0.625, 0.625, 0.875, 0.625, 0.375, 0.375, 0.125, 0.125,
            0.125, 0.375, 0.875, 0.375,
        ]
        #expect(Array(sobol.point(5)[20..<40]) == point5Dimensions21To40)
        let point11Dimensions21To40: [Double] = [
            0.9375, 0.9375, 0.9375, 0.1875, 0.6875, 0.3125, 0.3125, 0.4375, 0.4375, 0.6875, 0.6875, 0.0625, 0.8125, 0.6875,
            0.8125, 0.1875, 0.9375, 0.0625, 0.5625, 0.3125,
        ]
        #expect(Array(sobol.point(11)[20..<40]) == point11Dimensions21To40)
    }

    @Test func lastTabulatedDimensionsMatchKnownValues() {
        let sobol = SobolSequence(dimensions: 128, scrambleSeed: nil)
        #expect(
            Array(sobol.point(1000)[120..<128]) == [
                0.2548828125, 0.7763671875, 0.4970703125, 0.5498046875, 0.4541015625, 0.6748046875, 0.1689453125, 0.5439453125,
            ])
        #expect(
            Array(sobol.point(12345)[120..<128]) == [
                0.78265380859375, 0.43463134765625, 0.37713623046875, 0.66290283203125, 0.57684326171875, 0.12115478515625,
                0.04681396484375, 0.64251708984375,
            ])
        #expect(
            Array(sobol.point(12345)[0..<6]) == [
                0.64093017578125, 0.81341552734375, 0.16033935546875, 0.52679443359375, 0.88848876953125, 0.05889892578125,
            ])
    }

    /// The first 2^m points of the first two dimensions form a (0, m, 2)-net: every elementary
    /// box of area 2^-m holds exactly one point, scrambled or not; every dimension alone has one
    /// point in each interval of length 2^-m.
    @Test(arguments: [nil, 1, 2, 3] as [UInt64?])
    func firstPointsFormANet(seed: UInt64?) {
        let sobol = SobolSequence(dimensions: 30, scrambleSeed: seed)
        let m = 8
        let points = (0..<(1 << m)).map { sobol.point($0) }
        for k in 0...m {
            var boxes = Set<Int>()
            for point in points {
                let i = Int(point[0] * Double(1 << k))
                let j = Int(point[1] * Double(1 << (m - k)))
                boxes.insert((i << 16) | j)
            }
            #expect(boxes.count == 1 << m, "split \(k)")
        }
        for d in 0..<30 {
            #expect(Set(points.map { Int($0[d] * Double(1 << m)) }).count == 1 << m, "dimension \(d)")
        }
    }

    @Test(arguments: [5, 6, 7] as [UInt64])
    func lowerDiscrepancyThanRandomPoints(seed: UInt64) {
        let sobol = SobolSequence(dimensions: 5, scrambleSeed: seed)
        let n = 256
        let sobolPoints = (0..<n).map { sobol.point($0) }
        var generator = SeededGenerator(seed: seed)
        var randomDiscrepancy = 0.0
        for _ in 0..<5 {
            let randomPoints = (0..<n).map { _ in (0..<5).map { _ in generator.nextUnit() } }
            randomDiscrepancy += Self.l2StarDiscrepancy(randomPoints) / 5
        }
        let sobolDiscrepancy = Self.l2StarDiscrepancy(sobolPoints)
        #expect(sobolDiscrepancy < 0.7 * randomDiscrepancy, "\(sobolDiscrepancy) vs \(randomDiscrepancy)")
        // Scrambling removes the point at the origin and changes every coordinate.
        #expect(sobolPoints[0] != [0, 0, 0, 0, 0])
        #expect(SobolSequence(dimensions: 5, scrambleSeed: seed + 10).point(3) != sobolPoints[3])
    }

    @Test func dimensionsPastTheTableStayInTheCube() {
        let sobol = SobolSequence(dimensions: 140, scrambleSeed: 8)
        for index in 0..<64 {
            let point = sobol.point(index)
            #expect(point.count == 140 && point.allSatisfy { $0 >= 0 && $0 < 1 })
        }
    }

    /// Warnock's formula for the L2-star discrepancy.
    static func l2StarDiscrepancy(_ points: [[Double]]) -> Double {
        let n = Double(points.count)
        let d = points[0].count
        var single = 0.0
        for point in points { single += point.reduce(1) { $0 * (1 - $1 * $1) } }
        var pairs = 0.0
        for p in points {
            for q in points {
                var product = 1.0
                for k in 0..<d { product *= 1 - max(p[k], q[k]) }
                pairs += product
            }
        }
        let value = pow(1.0 / 3.0, Double(d)) - pow(2, 1 - Double(d)) / n * single + pairs / (n * n)
        return value.squareRoot()
    }
}
