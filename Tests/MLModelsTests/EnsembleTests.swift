import MLCore
import Testing
@testable import MLModels

/// The exported ensemble: its file format, its answers and its recommendations.
@Suite struct EnsembleTests {
    static let ratings = syntheticRatings(users: 30, items: 20, count: 300, seed: 5)
    static let ids = ModelIdentifiers(userCount: 30, itemCount: 20)

    static func ensemble(_ combiner: EnsembleCombiner) throws -> Ensemble {
        let baseline = try TrainedModel.fit(Baseline(), train: ratings, identifiers: ids, scale: 1...5, seed: 1)
        var parameters = MatrixFactorization.Parameters()
        parameters.factors = 4
        parameters.epochs = 5
        let mf = try TrainedModel.fit(
            MatrixFactorization(parameters), train: ratings, identifiers: ids, scale: 1...5, seed: 2)
        return try Ensemble(
            members: [EnsembleMember(name: "bias", models: [baseline]), EnsembleMember(name: "mf", models: [mf])],
            combiner: combiner, identifiers: ids, scale: 1...5, rated: RatedItems(ratings), latestTime: 0)
    }

    static let provenance = EnsembleProvenance(
        pipeline: "p", configuration: "{}", dataFingerprint: "abc", target: "combined",
        metrics: [(name: "rmse", value: 0.9)])

    @Test func aLinearEnsembleAnswersTheWeightedSumOfItsMembers() throws {
        let ensemble = try Self.ensemble(.linear(LinearCombination(weights: [0.25, 0.75], intercept: 0.1)))
        let answer = ensemble.predict(users: ["3", "4"], items: ["5", "6"])
        for (row, (user, item)) in [(Int32(3), Int32(5)), (4, 6)].enumerated() {
            let bias = ensemble.members[0].models[0].predict(user: user, item: item).value
            let mf = ensemble.members[1].models[0].predict(user: user, item: item).value
            #expect(abs(answer.values[row] - min(5, max(1, 0.1 + 0.25 * bias + 0.75 * mf))) < 1e-12)
        }
        #expect(answer.knownUsers == [true, true] && answer.memberSeconds.count == 2)
    }

    @Test(arguments: [
        EnsembleCombiner.linear(LinearCombination(weights: [0.5, 0.5])),
        .windowed(
            WindowedCombination(windows: [
                .init(from: 0, to: 10, combination: LinearCombination(weights: [1, 0])),
                .init(from: 10, to: 20, combination: LinearCombination(weights: [0.2, 0.8], intercept: 0.3)),
            ])),
        .stacking(
            StackingModel(
                coefficients: [0.4, 0.6, 0.1, -0.1], intercept: 0.2, memberCount: 2, featureMeans: [1],
                featureDeviations: [2]), features: [.userSupport],
            support: TrainingSupport(userCounts: [Int32](repeating: 3, count: 30), itemCounts: [])),
        .gradientBoosting(rate: 0.3),
        .adaBoost(weights: [0.7, 1.2]),
    ])
    func theFileGivesBackTheSameAnswersBitForBit(combiner: EnsembleCombiner) throws {
        let ensemble = try Self.ensemble(combiner)
        let bytes = EnsembleFile.encode(ensemble, provenance: Self.provenance)
        let (read, provenance) = try EnsembleFile.decode(bytes)
        #expect(provenance == Self.provenance)
        #expect(read.combiner == combiner)
        let users = (0..<30).map(String.init) + ["new"], items = (0..<31).map { String($0 % 21) }
        #expect(
            read.predict(users: users, items: items).values.map(\.bitPattern)
                == ensemble.predict(users: users, items: items).values.map(\.bitPattern))
        #expect(EnsembleFile.encode(read, provenance: provenance) == bytes, "writing what was read gives the same bytes")
    }

    @Test func theEventsLearnedSinceTheExportTravelWithTheFile() throws {
        let ensemble = try Self.ensemble(.linear(.average(of: 2)))
        var learned = Self.provenance
        learned.eventsLearned = 1234
        let (_, read) = try EnsembleFile.decode(EnsembleFile.encode(ensemble, provenance: learned))
        #expect(read.eventsLearned == 1234)
        #expect(read == learned)
    }

    @Test func aVersionOneFileIsStillReadWithNoEventsLearned() throws {
        let ensemble = try Self.ensemble(.linear(LinearCombination(weights: [0.3, 0.7])))
        var learned = Self.provenance
        learned.eventsLearned = 99
        let old = EnsembleFile.encode(ensemble, provenance: learned, version: 1)
        #expect(old[8] == 1)
        let (read, provenance) = try EnsembleFile.decode(old)
        #expect(provenance.eventsLearned == 0, "version 1 has no count")
        #expect(provenance.pipeline == learned.pipeline && provenance.metrics.map(\.value) == [0.9])
        let users = (0..<30).map(String.init), items = (0..<30).map { String($0 % 20) }
        #expect(read.predict(users: users, items: items).values == ensemble.predict(users: users, items: items).values)
    }

    @Test func damageTruncationAndOtherVersionsAreNamed() throws {
        let bytes = EnsembleFile.encode(try Self.ensemble(.linear(.average(of: 2))), provenance: Self.provenance)
        var flipped = bytes
        flipped[bytes.count / 3] ^= 1
        var newer = bytes
        newer[8] = UInt8(EnsembleFile.version + 1)
        let cases: [([UInt8], ModelArtifactError.Code)] = [
            (flipped, .damaged), (Array(bytes.dropLast(9)), .truncated), (newer, .unsupportedVersion),
            (Array("MASSMODL".utf8) + bytes.dropFirst(8), .notAnArtifact), ([], .notAnArtifact),
        ]
        for (damaged, code) in cases {
            #expect(throws: ModelArtifactError.self) { try EnsembleFile.decode(damaged) }
            do {
                _ = try EnsembleFile.decode(damaged)
            } catch {
                #expect(error.code == code, "\(error)")
            }
        }
    }

    @Test func recommendationsAreTheBestUnratedItemsBestFirst() throws {
        let ensemble = try Self.ensemble(.linear(.average(of: 2)))
        for user in 0..<30 {
            let list = ensemble.recommend(user: String(user), count: 5)
            let rated = Set(Self.ratings.users.indices.filter { Self.ratings.users[$0] == user }.map { Self.ratings.items[$0] })
            let all = ensemble.predict(
                users: [String](repeating: String(user), count: 20), items: (0..<20).map(String.init)
            ).values
            let expected = (0..<20).filter { !rated.contains(Int32($0)) }
                .sorted { all[$0] != all[$1] ? all[$0] > all[$1] : $0 < $1 }.prefix(5)
            #expect(list.items.map(\.id) == expected.map(String.init), "user \(user)")
            #expect(list.knownUser)
        }
        #expect(!ensemble.recommend(user: "stranger", count: 3).knownUser)
    }

    @Test func topKeepsTheHighestScoresAndBreaksTiesByIndex() {
        let scores: [Double] = [0.5, 2, 2, 1, 3, 2]
        #expect(Ensemble.top(3, of: scores, excluding: []) == [4, 1, 2])
        #expect(Ensemble.top(3, of: scores, excluding: [1, 4]) == [2, 5, 3])
        #expect(Ensemble.top(10, of: scores, excluding: [0]).count == 5)
        #expect(Ensemble.top(0, of: scores, excluding: []).isEmpty)
    }
}

/// An ensemble that learns from events while it serves.
@Suite struct EnsembleLearningTests {
    @Test func eventsTeachTheMembersAndANewUserBecomesKnown() throws {
        let ensemble = try EnsembleTests.ensemble(.linear(LinearCombination(weights: [0.5, 0.5])))
        var learning = EnsembleLearning(ensemble, options: UpdateOptions(epochs: 1, learningRate: 0.05))
        #expect(learning.learningMembers == ["bias", "mf"])
        let before = ensemble.predict(users: ["3"], items: ["4"]).values[0]
        let events =
            (0..<40).map { _ in EnsembleEvent(user: "3", item: "4", rating: 5) }
            + [
                EnsembleEvent(user: "newcomer", item: "7", rating: 5),
                EnsembleEvent(user: "newcomer", item: "new-item", rating: 4),
            ]
        try learning.learn(events)
        let after = learning.ensemble.predict(users: ["3"], items: ["4"]).values[0]
        #expect(after > before, "learning 5s for (3, 4) raises its prediction: \(before) → \(after)")
        #expect(learning.eventsLearned == 42)
        let list = learning.ensemble.recommend(user: "newcomer", count: 30)
        #expect(list.knownUser)
        #expect(!list.items.map(\.id).contains("7") && !list.items.map(\.id).contains("new-item"), "what was rated is left out")
        #expect(learning.ensemble.identifiers.items.last == "new-item")
        // The learned ensemble is a model file like any other.
        let provenance = EnsembleTests.provenance
        let (read, _) = try EnsembleFile.decode(EnsembleFile.encode(learning.ensemble, provenance: provenance))
        #expect(read.predict(users: ["3"], items: ["4"]).values == [after])
        #expect(ensemble.predict(users: ["3"], items: ["4"]).values[0] == before, "the old ensemble is unchanged")
    }

    /// A knn member fitted with `keep` learns events through its incremental
    /// update: every row stays cut to `keep` and ascending, the touched rows are
    /// a refit's, and the served all-item scores still equal single predictions.
    @Test func aPrunedNeighbourhoodMemberStaysPrunedAsItLearns() throws {
        let ratings = EnsembleTests.ratings, ids = EnsembleTests.ids
        let model = NearestNeighbours(.init(similarity: .pearsonBaseline, k: 10, maxNeighbours: 4))
        let knn = try TrainedModel.fit(model, train: ratings, identifiers: ids, scale: 1...5, seed: 1)
        let ensemble = try Ensemble(
            members: [EnsembleMember(name: "knn", models: [knn])],
            combiner: .linear(LinearCombination(weights: [1])), identifiers: ids, scale: 1...5,
            rated: RatedItems(ratings), latestTime: 0)
        var learning = EnsembleLearning(ensemble)
        #expect(learning.learningMembers == ["knn"])
        let events = [("2", "3", 5.0), ("2", "11", 1), ("7", "3", 4), ("newcomer", "3", 2), ("7", "new-item", 5)]
        try learning.learn(events.map { EnsembleEvent(user: $0.0, item: $0.1, rating: $0.2) })
        let learned = try #require(learning.ensemble.members[0].models[0] as? TrainedModel<NearestNeighbours>)
        let rows = learned.fitted.similarities
        #expect(rows.count == 21, "the new item has a row")
        for x in 0..<rows.count {
            let row = rows.offsets[x]..<rows.offsets[x + 1]
            #expect(row.count <= 4, "row \(x) holds \(row.count) pairs")
            #expect(zip(row.dropLast(), row.dropFirst()).allSatisfy { rows.neighbours[$0] < rows.neighbours[$1] })
        }
        // The touched items' rows are those a refit on every rating computes
        // (up to the rounding of a global mean summed in another order).
        let index = learned.fitted.index
        var users: [Int32] = [], items: [Int32] = [], values: [Double] = []
        for user in 0..<index.userCount {
            for position in index.userOffsets[user]..<index.userOffsets[user + 1] {
                users.append(Int32(user))
                items.append(index.userItems[position])
                values.append(index.userValues[position])
            }
        }
        let refit = try model.fit(
            train: RatingSet(
                users: users, items: items, values: values, userCount: index.userCount, itemCount: index.itemCount),
            scale: 1...5, seed: 1)
        for item in ["3", "11", "new-item"] {
            let a = try #require(learned.identifiers.items.firstIndex(of: item))
            for b in 0..<rows.count {
                #expect(abs(learned.fitted.similarity(a, b) - refit.similarity(a, b)) < 1e-12, "\(item), \(b)")
            }
        }
        var scores: [Double] = []
        learning.ensemble.scoreAllItems(users: [2, 7, 30], into: &scores)
        let itemCount = learning.ensemble.identifiers.items.count
        for (row, user) in ["2", "7", "newcomer"].enumerated() {
            let items = learning.ensemble.identifiers.items
            let single = learning.ensemble.predict(users: Array(repeating: user, count: itemCount), items: items)
            #expect(Array(scores[(row * itemCount)..<((row + 1) * itemCount)]) == single.values, "\(user)")
        }
    }

    @Test func theWeightsStartWhereTheExportLeftThemAndFollowTheMembers() throws {
        let ensemble = try EnsembleTests.ensemble(.linear(LinearCombination(weights: [0.5, 0.5])))
        var learning = EnsembleLearning(ensemble, options: UpdateOptions(epochs: 1, learningRate: 0.001), halfLife: 50)
        try learning.learn([EnsembleEvent(user: "1", item: "2", rating: 3)])
        guard case .linear(let first) = learning.ensemble.combiner else { Issue.record("linear"); return }
        #expect(abs(first.weights[0] - 0.5) < 0.05 && abs(first.weights[1] - 0.5) < 0.05, "\(first.weights)")
    }
}
