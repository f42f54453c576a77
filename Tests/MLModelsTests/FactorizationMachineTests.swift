import MLCore
import Testing

@testable import MLModels

@Suite struct FactorizationMachineTests {
    /// 60 users and 40 items; even items are of genre A, odd ones of genre B.
    /// Even users rate A 5 and B 1, odd users the reverse; items 36..<40 have no
    /// training rating, so only their genre can tell their rating.
    static let genres: SideInformation = {
        let items = AttributeTable(
            ids: (0..<40).map { "i\($0)" }, offsets: Array(0...40), features: (0..<40).map { Int32($0 % 2) },
            values: [Float](repeating: 1, count: 40), featureNames: ["genre=A", "genre=B"], featureAttributes: [0, 0],
            attributes: ["genre"])
        return SideInformation(userIDs: (0..<60).map { "u\($0)" }, itemIDs: (0..<40).map { "i\($0)" }, items: items)
    }()

    static func liked(user: Int, item: Int) -> Double { (user % 2) == (item % 2) ? 5 : 1 }

    static let train: RatingSet = {
        var generator = SeededGenerator(seed: 8)
        var users: [Int32] = [], items: [Int32] = [], values: [Double] = []
        for user in 0..<60 {
            for _ in 0..<10 {
                let item = generator.nextInt(below: 36)
                guard !zip(users, items).contains(where: { $0 == Int32(user) && $1 == Int32(item) }) else { continue }
                users.append(Int32(user))
                items.append(Int32(item))
                values.append(liked(user: user, item: item))
            }
        }
        return RatingSet(users: users, items: items, values: values, userCount: 60, itemCount: 40)
    }()

    @Test func theScoreIsTheSumOverPairs() {
        // Features 0, 2, 3 with x = 1, 0.5, 2; two factors each.
        let linear: [Float] = [0.1, 9, -0.2, 0.3], factors: [Float] = [1, 2, 9, 9, -1, 0.5, 0.25, 3]
        let active: [Int32] = [0, 2, 3], xs: [Float] = [1, 0.5, 2]
        var sums = [Float](repeating: 0, count: 2)
        let fast = factors.withUnsafeBufferPointer { rows in
            FactorizationMachine.score(
                bias: 3, features: active, values: xs, count: 3, factors: 2, linear: { linear[$0] },
                row: { rows.baseAddress! + $0 * 2 }, sums: &sums)
        }
        var slow: Float = 3
        for a in 0..<3 {
            slow += linear[Int(active[a])] * xs[a]
            for b in (a + 1)..<3 {
                let va = Int(active[a]) * 2, vb = Int(active[b]) * 2
                slow += (factors[va] * factors[vb] + factors[va + 1] * factors[vb + 1]) * xs[a] * xs[b]
            }
        }
        #expect(abs(fast - slow) < 1e-5)
    }

    @Test func itemAttributesPredictItemsNeverRated() throws {
        let informed = try FactorizationMachine(
            .init(factors: 4, epochs: 60, learningRate: 0.05, reg: 0.01, itemAttributes: ["genre"])
        )
        .informed(by: Self.genres).fit(train: Self.train, scale: 1...5, seed: 3)
        let plain = try FactorizationMachine(.init(factors: 4, epochs: 60, learningRate: 0.05, reg: 0.01))
            .fit(train: Self.train, scale: 1...5, seed: 3)
        var informedError = 0.0, plainError = 0.0
        for user in 0..<60 {
            for item in 36..<40 {
                let truth = Self.liked(user: user, item: item)
                let informedValue = informed.predict(user: Int32(user), item: Int32(item))
                informedError += (informedValue.value - truth) * (informedValue.value - truth)
                let plainValue = plain.predict(user: Int32(user), item: Int32(item)).value
                plainError += (plainValue - truth) * (plainValue - truth)
                #expect(informedValue.fallback.contains(.unknownItem))
            }
        }
        let informedRMSE = (informedError / 240).squareRoot(), plainRMSE = (plainError / 240).squareRoot()
        // Without attributes an unrated item gets the user's average, 2 stars off; its genre tells most of the rating.
        #expect(informedRMSE < 1.1, "informed \(informedRMSE), plain \(plainRMSE)")
        #expect(plainRMSE > 1.8, "informed \(informedRMSE), plain \(plainRMSE)")
    }

    @Test func aWeekdayEffectIsLearnedAndPredictedAtItsTime() throws {
        // Ratings made on a Sunday are one star higher.
        let monday = 4 * 86_400.0, sunday = 3 * 86_400.0  // 1970-01-05 and 1970-01-04
        #expect(ContextFeature.weekday.value(at: monday) == 0 && ContextFeature.weekday.value(at: sunday) == 6)
        var generator = SeededGenerator(seed: 4)
        var users: [Int32] = [], items: [Int32] = [], values: [Double] = [], times: [Double] = []
        for row in 0..<4_000 {
            let user = generator.nextInt(below: 50), item = generator.nextInt(below: 30)
            let onSunday = row % 2 == 0
            users.append(Int32(user))
            items.append(Int32(item))
            values.append(Double(2 + (user + item) % 2) + (onSunday ? 1 : 0))
            times.append((onSunday ? sunday : monday) + Double(7 * 86_400 * generator.nextInt(below: 50)))
        }
        let train = RatingSet(users: users, items: items, values: values, times: times, userCount: 50, itemCount: 30)
        let fitted = try FactorizationMachine(.init(factors: 2, epochs: 20, contexts: [.weekday]))
            .fit(train: train, scale: 1...5, seed: 1)
        let pairs = PredictionPairs(users: [3, 3], items: [5, 5], times: [sunday, monday])
        let predicted = try fitted.predict(parts: [pairs])[0].values
        #expect(abs(predicted[0] - predicted[1] - 1) < 0.15, "Sunday \(predicted[0]), Monday \(predicted[1])")
        #expect(ContextFeature.hour.value(at: 3 * 3_600 + 59) == 3 && ContextFeature.month.value(at: 40 * 86_400) == 1)
    }

    /// The in-place SGD path is the optimizer path's batch of one, term by term.
    @Test func inPlaceSGDMatchesTheOptimizerPathBitForBit() throws {
        let model = FactorizationMachine(.init(factors: 3, epochs: 4, learningRate: 0.02, itemAttributes: ["genre"]))
            .informed(by: Self.genres)
        let inPlace = try model.fit(train: Self.train, scale: 1...5, seed: 6)
        let p = model.parameters
        let space = try model.featureSpace(userCount: 60, itemCount: 40)
        var generator = SeededGenerator(seed: 6, label: FactorizationMachine.kind)
        var order = Array(0..<Self.train.count)
        generator.shuffle(&order)
        let rows = FactorizationRows(Self.train, order: order, contexts: [])
        var state = FactorizationMachine.State(features: space.count, factors: p.factors)
        for k in state.factors.indices { state.factors[k] = Float(generator.nextGaussian() * p.initDeviation) }
        state.bias = Float(Self.train.values.reduce(0, +) / Double(Self.train.count))
        var seen = [Bool](repeating: false, count: space.count)
        rows.markSeen(&seen, space: space)
        let trainer = FactorizationMachineTrainer(
            parameters: p, runner: EpochRunner(kind: "fm", epochs: p.epochs, observer: nil), rows: rows, space: space,
            seen: seen, scale: 1...5)
        let viaOptimizer = try trainer.fit(SGDRule(), initial: state)
        #expect(inPlace.state.factors.map(\.bitPattern) == viaOptimizer.state.factors.map(\.bitPattern))
        #expect(inPlace.state.linear.map(\.bitPattern) == viaOptimizer.state.linear.map(\.bitPattern))
        #expect(inPlace.epochLosses == viaOptimizer.epochLosses)
    }

    @Test func contextsNeedTimesAndAttributesNeedTheirTable() {
        #expect(throws: ModelError.self) {
            try FactorizationMachine(.init(contexts: [.hour])).fit(train: Self.train, scale: 1...5, seed: 1)
        }
        #expect(throws: ModelError.self) {
            try FactorizationMachine(.init(userAttributes: ["age"])).fit(train: Self.train, scale: 1...5, seed: 1)
        }
        #expect(throws: ModelError.self) {
            try FactorizationMachine(.init(itemAttributes: ["year"])).informed(by: Self.genres)
                .fit(train: Self.train, scale: 1...5, seed: 1)
        }
        #expect(throws: ModelError.self) {
            try FactorizationMachine(.init(factors: 0)).fit(train: Self.train, scale: 1...5, seed: 1)
        }
    }

    @Test func aModelWithAttributesRoundTripsToTheSameBits() throws {
        let model = FactorizationMachine(.init(factors: 3, epochs: 4, itemAttributes: ["genre"])).informed(by: Self.genres)
        let trained = try TrainedModel.fit(
            model, train: Self.train, identifiers: ModelIdentifiers(users: Self.genres.userIDs, items: Self.genres.itemIDs),
            scale: 1...5, seed: 2)
        let decoded = try TrainedModel<FactorizationMachine>(decoding: trained.encoded())
        let users = (0..<80).map { Int32($0 % 60) }, items = (0..<80).map { Int32(($0 * 3) % 40) }
        let before = try trained.fitted.predict(users: users, items: items)
        let after = try decoded.fitted.predict(users: users, items: items)
        #expect(before.values.map(\.bitPattern) == after.values.map(\.bitPattern))
        #expect(decoded.model.parameters == model.parameters)
    }
}
