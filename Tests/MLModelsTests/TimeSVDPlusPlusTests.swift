import Foundation
import MLCore
import Testing

@testable import MLModels

@Suite struct TimeSVDPlusPlusTests {
    /// 80 users, 40 items over 300 days: even items go from 2 to 4 stars across
    /// the period, odd items from 4 to 2, so an item's bias depends on when.
    static func drifting(count: Int, seed: UInt64) -> RatingSet {
        var generator = SeededGenerator(seed: seed)
        var seen = Set<Int>()
        var users: [Int32] = [], items: [Int32] = [], values: [Double] = [], times: [Double] = []
        while values.count < count {
            let user = generator.nextInt(below: 80), item = generator.nextInt(below: 40)
            guard seen.insert(user * 40 + item).inserted else { continue }
            let day = Double(generator.nextInt(below: 300))
            let trend = (day / 300 - 0.5) * 2 * (item % 2 == 0 ? 1 : -1)
            users.append(Int32(user))
            items.append(Int32(item))
            values.append(min(max((3 + trend + generator.nextGaussian() * 0.3).rounded(), 1), 5))
            times.append(day * 86_400 + Double(generator.nextInt(below: 86_400)))
        }
        return RatingSet(users: users, items: items, values: values, times: times, userCount: 80, itemCount: 40)
    }

    @Test func theDriftIsASignedPowerOfTheGapInDays() {
        #expect(abs(timeDeviation(day: 10, meanDay: 2, beta: 0.4) - pow(8, 0.4)) < 1e-12)
        #expect(abs(timeDeviation(day: 2, meanDay: 10, beta: 0.4) + pow(8, 0.4)) < 1e-12)
        #expect(timeDeviation(day: 5, meanDay: 5, beta: 0.4) == 0)
        let calendar = TimeBins(first: 100, last: 129, count: 3)
        #expect([99, 100, 109, 110, 129, 500].map { calendar.bin(of: $0) } == [0, 0, 0, 1, 2, 2])
        #expect(TimeBins.day(of: 86_399) == 0 && TimeBins.day(of: 86_400) == 1 && TimeBins.day(of: -1) == -1)
    }

    @Test func itemBiasesThatMoveInTimeBeatSVDPlusPlus() throws {
        let data = Self.drifting(count: 2_400, seed: 5)
        let train = data.subset(Array(0..<2_000)), test = data.subset(Array(2_000..<2_400))
        func testRMSE(_ predictor: any RatingPredictor) throws -> Double {
            let predicted = try predictor.predict(parts: [PredictionPairs(test)])[0].values
            return (zip(predicted, test.values).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / 400).squareRoot()
        }
        let timed = try testRMSE(
            TimeSVDPlusPlus(.init(factors: 4, epochs: 30, timeLearningRate: 0.01, timeReg: 0.02, bins: 10))
                .fit(train: train, scale: 1...5, seed: 2))
        let plain = try testRMSE(SVDPlusPlus(.init(factors: 4, epochs: 30)).fit(train: train, scale: 1...5, seed: 2))
        #expect(timed < plain - 0.15, "timesvdpp \(timed), svdpp \(plain)")
    }

    /// A served model gets whatever time a client sends: far-off ones clamp instead of trapping.
    @Test func timesFarOutsideTheDataAreAnsweredNotTrapped() throws {
        #expect(TimeBins.day(of: 1e300) == .max && TimeBins.day(of: -1e300) == .min && TimeBins.day(of: .nan) == .min)
        #expect(TimeBins.day(of: 86_400 * Double(Int32.max) * 4) == .max)
        let train = Self.drifting(count: 600, seed: 3)
        let fitted = try TimeSVDPlusPlus(.init(factors: 2, epochs: 2)).fit(train: train, scale: 1...5, seed: 1)
        for time in [1e300, -1e300, 1e19, -1e19] {
            #expect(fitted.estimate(user: train.users[0], item: train.items[0], time: time).value.isFinite, "\(time)")
            for feature in ContextFeature.allCases {
                #expect((0..<feature.cardinality).contains(feature.value(at: time)), "\(feature) at \(time)")
            }
        }
    }

    @Test func aPredictionWithoutATimeIsAtTheUsersLastDay() throws {
        let train = Self.drifting(count: 1_500, seed: 9)
        let fitted = try TimeSVDPlusPlus(.init(factors: 3, epochs: 5)).fit(train: train, scale: 1...5, seed: 1)
        let user = train.users[0], item = train.items[0]
        let rows = (0..<train.count).filter { train.users[$0] == user }
        let last = rows.map { TimeBins.day(of: train.times?[$0] ?? 0) }.max() ?? 0
        let atLast = fitted.estimate(user: user, item: item, time: Double(last) * 86_400 + 10)
        #expect(fitted.estimate(user: user, item: item, time: nil).value == atLast.value)
        #expect(fitted.estimate(user: 999, item: item, time: nil).fallback.contains(.unknownUser))
    }

    @Test func ratingsWithoutTimesAndBadSettingsAreRefused() {
        let untimed = syntheticRatings(users: 20, items: 10, count: 100, seed: 1)
        #expect(throws: ModelError.self) { try TimeSVDPlusPlus().fit(train: untimed, scale: 1...5, seed: 1) }
        let train = Self.drifting(count: 300, seed: 1)
        #expect(throws: ModelError.self) { try TimeSVDPlusPlus(.init(bins: 0)).fit(train: train, scale: 1...5, seed: 1) }
        #expect(throws: ModelError.self) { try TimeSVDPlusPlus(.init(beta: 0)).fit(train: train, scale: 1...5, seed: 1) }
    }

    @Test func sameSeedSameBitsAndTheArtifactPredictsThem() throws {
        let train = Self.drifting(count: 1_500, seed: 3)
        let model = TimeSVDPlusPlus(.init(factors: 5, epochs: 4))
        let identifiers = ModelIdentifiers(userCount: 80, itemCount: 40)
        let trained = try TrainedModel.fit(model, train: train, identifiers: identifiers, scale: 1...5, seed: 4)
        let again = try model.fit(train: train, scale: 1...5, seed: 4)
        let decoded = try TrainedModel<TimeSVDPlusPlus>(decoding: trained.encoded())
        #expect(decoded.model.parameters == model.parameters)
        let pairs = PredictionPairs(train.subset(Array(0..<200)))
        let first = try trained.fitted.predict(parts: [pairs])[0], second = try again.predict(parts: [pairs])[0]
        let third = try decoded.fitted.predict(parts: [pairs])[0]
        #expect(first.values.map(\.bitPattern) == second.values.map(\.bitPattern))
        #expect(first.values.map(\.bitPattern) == third.values.map(\.bitPattern))
        #expect(first.values.allSatisfy { (1...5).contains($0) })
    }

    @Test func theMemoryEstimateCoversTheKeptArrays() throws {
        let train = Self.drifting(count: 2_000, seed: 6)
        let fitted = try TimeSVDPlusPlus(.init(factors: 8, epochs: 2)).fit(train: train, scale: 1...5, seed: 1)
        func bytes<T>(_ array: [T]) -> Int { array.count * MemoryLayout<T>.stride }
        let s = fitted.state
        let real =
            bytes(s.userBias) + bytes(s.itemBias) + bytes(s.drift) + bytes(s.dayBias) + bytes(s.binBias)
            + bytes(s.userFactors) + bytes(s.itemFactors) + bytes(s.implicitFactors) + bytes(fitted.userVectors)
            + bytes(fitted.meanDays) + bytes(fitted.lastDays) + bytes(fitted.dayOffsets) + bytes(fitted.days)
            + bytes(fitted.userCounts) + bytes(fitted.itemCounts) + bytes(fitted.epochLosses)
        let estimate = TimeSVDPlusPlus(.init(factors: 8, epochs: 2)).estimatedMemory(
            for: DataShape(ratings: 2_000, users: 80, items: 40))
        #expect(estimate.model >= real && Double(estimate.model) <= Double(real) * 2, "\(estimate.model) for \(real)")
    }
}
