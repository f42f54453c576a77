import Testing
@testable import MLCore

@Suite("Sampling a training part")
struct SamplerTests {
    static let part = Array(stride(from: 0, to: 900, by: 2)).reversed().map { $0 }  // 450 rows, unsorted

    @Test(arguments: [
        SamplingMethod.all, .uniform(.fraction(0.3)), .uniform(.count(100)), .stratified(by: .user, fraction: 0.5),
        .stratified(by: .item, fraction: 0.2), .recent(.fraction(0.5)), .recent(.duration(86_400 * 30)), .reservoir(size: 50),
    ])
    func sampleIsSortedSubsetAndDeterministic(method: SamplingMethod) throws {
        let ratings = syntheticRatings(seed: 21)
        let first = try Sampler.sample(Self.part, of: ratings, method: method, seed: 5)
        #expect(first == first.sorted())
        #expect(Set(first).isSubset(of: Set(Self.part)) && Set(first).count == first.count)
        #expect(try Sampler.sample(Self.part, of: ratings, method: method, seed: 5) == first)
        switch method {
        case .uniform, .stratified, .reservoir:
            #expect(try Sampler.sample(Self.part, of: ratings, method: method, seed: 6) != first)
        default:
            break
        }
    }

    @Test func sizes() throws {
        let ratings = syntheticRatings(seed: 22)
        #expect(try Sampler.sample(Self.part, of: ratings, method: .all, seed: 1) == Self.part.sorted())
        #expect(try Sampler.sample(Self.part, of: ratings, method: .uniform(.fraction(0.3)), seed: 1).count == 135)
        #expect(try Sampler.sample(Self.part, of: ratings, method: .uniform(.count(100)), seed: 1).count == 100)
        #expect(try Sampler.sample(Self.part, of: ratings, method: .uniform(.count(1_000)), seed: 1).count == 450)
        #expect(try Sampler.sample(Self.part, of: ratings, method: .reservoir(size: 50), seed: 1).count == 50)
        #expect(try Sampler.sample(Self.part, of: ratings, method: .reservoir(size: 1_000), seed: 1).count == 450)
    }

    @Test(arguments: Stratum.allCases, [0.1, 0.5])
    func stratifiedKeepsEachShareAndAtLeastOne(by stratum: Stratum, fraction: Double) throws {
        let ratings = syntheticRatings(seed: 23)
        let sample = try Sampler.sample(Self.part, of: ratings, method: .stratified(by: stratum, fraction: fraction), seed: 3)
        let keys = stratum == .user ? ratings.users : ratings.items
        var inPart: [Int32: Int] = [:], inSample: [Int32: Int] = [:]
        for row in Self.part { inPart[keys[row], default: 0] += 1 }
        for row in sample { inSample[keys[row], default: 0] += 1 }
        for (key, count) in inPart {
            #expect(inSample[key] == max(1, Splitter.share(count, fraction)))
        }
    }

    @Test func recentKeepsLatestWindow() throws {
        let ratings = RatingSet(
            users: [0, 0, 0, 0, 0], items: [0, 1, 2, 3, 4], values: [1, 1, 1, 1, 1],
            times: [0, 40, 60, 100, 75], userCount: 1, itemCount: 5)
        #expect(try Sampler.sample([0, 1, 2, 3, 4], of: ratings, method: .recent(.fraction(0.4)), seed: 1) == [2, 3, 4])
        #expect(try Sampler.sample([0, 1, 2, 3], of: ratings, method: .recent(.fraction(0.4)), seed: 1) == [2, 3])
        #expect(try Sampler.sample([0, 1, 2, 3, 4], of: ratings, method: .recent(.duration(25)), seed: 1) == [3, 4])
    }

    /// Over many seeds each of 100 streamed elements lands in a 10-slot reservoir about 10% of the time.
    @Test func reservoirIsUniform() {
        var hits = [Int](repeating: 0, count: 100)
        for seed in 0..<2_000 as Range<UInt64> {
            var reservoir = ReservoirSampler<Int>(capacity: 10, seed: seed)
            reservoir.add(contentsOf: 0..<100)
            #expect(reservoir.seen == 100 && reservoir.sample.count == 10)
            for element in reservoir.sample { hits[element] += 1 }
        }
        // Expected 200 per element, standard deviation about 13.4; ±60 is over four deviations.
        #expect(hits.allSatisfy { abs($0 - 200) <= 60 }, "\(hits)")
    }

    @Test(arguments: [
        (SamplingMethod.uniform(.fraction(0)), "sample fraction must be greater than 0 and at most 1, got 0"),
        (.stratified(by: .user, fraction: 1.5), "sample fraction must be greater than 0 and at most 1, got 1.5"),
        (.uniform(.count(-1)), "sample size must not be negative, got -1"),
        (.reservoir(size: -2), "reservoir size must not be negative, got -2"),
        (.recent(.duration(0)), "recent duration must be a positive number, got 0"),
    ])
    func rejectsBadParameters(method: SamplingMethod, message: String) {
        let ratings = syntheticRatings(seed: 24)
        do {
            _ = try Sampler.sample(Self.part, of: ratings, method: method, seed: 1)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidParameter && error.message == message)
        }
    }

    @Test func recentNeedsTimes() {
        let ratings = RatingSet(users: [0], items: [0], values: [1], userCount: 1, itemCount: 1)
        do {
            _ = try Sampler.sample([0], of: ratings, method: .recent(.fraction(0.5)), seed: 1)
            Issue.record("expected an error")
        } catch {
            #expect(
                error.code == .missingTimes && error.message == "the recent sample needs rating times, and the ratings have none")
        }
    }
}
