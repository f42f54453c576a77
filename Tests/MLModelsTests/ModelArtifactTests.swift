import MLCore
import Testing
@testable import MLModels

@Suite struct ModelArtifactTests {
    // Users 40..<45 and items 30..<33 have no training ratings.
    static let train: RatingSet = {
        let data = syntheticRatings(users: 40, items: 30, count: 600, seed: 21)
        return RatingSet(users: data.users, items: data.items, values: data.values, userCount: 45, itemCount: 33)
    }()
    static let identifiers = ModelIdentifiers(userCount: 45, itemCount: 33)
    static let users = (0..<90).map { Int32($0 % 45) }
    static let items = (0..<90).map { Int32(($0 * 7) % 33) }

    func roundTrip<Model: PersistentModel>(_ model: Model) throws -> (original: Predictions, decoded: Predictions) {
        let trained = try TrainedModel.fit(
            model, train: Self.train, identifiers: Self.identifiers, scale: 1...5, seed: 5, replay: .rows(100))
        let bytes = trained.encoded()
        #expect(try ModelArtifactFormat.kind(of: bytes) == Model.kind)
        let decoded = try TrainedModel<Model>(decoding: bytes)
        #expect(decoded.identifiers == trained.identifiers)
        #expect(decoded.replay == trained.replay)
        #expect(decoded.encoded() == bytes, "\(Model.kind): encoding is stable")
        return (
            try trained.fitted.predict(users: Self.users, items: Self.items),
            try decoded.fitted.predict(users: Self.users, items: Self.items)
        )
    }

    func expectIdentical(_ pair: (original: Predictions, decoded: Predictions), _ kind: String) {
        #expect(pair.original.values.map(\.bitPattern) == pair.decoded.values.map(\.bitPattern), "\(kind)")
        #expect(pair.original.fallbacks == pair.decoded.fallbacks, "\(kind)")
        #expect(pair.original.rankingScores == pair.decoded.rankingScores, "\(kind)")
    }

    @Test func everyKindRoundTripsToIdenticalPredictions() throws {
        expectIdentical(try roundTrip(GlobalMean()), GlobalMean.kind)
        expectIdentical(try roundTrip(Baseline()), Baseline.kind)
        expectIdentical(try roundTrip(Baseline(.init(method: .sgd, epochs: 4))), Baseline.kind)
        expectIdentical(try roundTrip(MatrixFactorization(.init(factors: 11, epochs: 4))), MatrixFactorization.kind)
        let options = LearningOptions(
            optimizer: OptimizerSettings(.adam), loss: .huber(delta: 0.5), schedule: .exponential(decay: 0.9), batch: 4,
            earlyStopping: EarlyStopping(patience: 2, metric: .mae))
        expectIdentical(
            try roundTrip(MatrixFactorization(.init(factors: 6, epochs: 3, learningRate: 0.01, learning: options))),
            MatrixFactorization.kind)
        expectIdentical(
            try roundTrip(AutoRec(.init(hidden: [8, 4], activations: [.relu, .tanh], epochs: 3))), AutoRec.kind)
        expectIdentical(
            try roundTrip(MatrixFactorization(.init(factors: 3, epochs: 2, biased: false, order: .asGiven))),
            MatrixFactorization.kind)
        expectIdentical(try roundTrip(SVDPlusPlus(.init(factors: 9, epochs: 3))), SVDPlusPlus.kind)
        expectIdentical(try roundTrip(AlternatingLeastSquares(.init(factors: 4, epochs: 3))), AlternatingLeastSquares.kind)
        expectIdentical(try roundTrip(NearestNeighbours()), NearestNeighbours.kind)
        expectIdentical(
            try roundTrip(NearestNeighbours(.init(on: .users, similarity: .pearson, estimator: .withMeans, k: 5))),
            NearestNeighbours.kind)
        expectIdentical(try roundTrip(NearestNeighbours(.init(k: 5, maxNeighbours: 3))), NearestNeighbours.kind)
        expectIdentical(try roundTrip(SlopeOne()), SlopeOne.kind)
        expectIdentical(try roundTrip(Popularity(.init(shrinkage: 3))), Popularity.kind)
        expectIdentical(try roundTrip(EASE(.init(lambda: 20))), EASE.kind)
        expectIdentical(try roundTrip(FactorizationMachine(.init(factors: 5, epochs: 3))), FactorizationMachine.kind)
        expectIdentical(
            try roundTrip(FactorizationMachine(.init(factors: 3, epochs: 2, learning: options))), FactorizationMachine.kind)
        expectIdentical(try roundTrip(ImplicitALS(.init(factors: 5, iterations: 3, alpha: 4))), ImplicitALS.kind)
        expectIdentical(
            try roundTrip(BayesianPersonalizedRanking(.init(factors: 5, epochs: 4))), BayesianPersonalizedRanking.kind)
    }

    @Test func theConfigurationIsSaved() throws {
        let model = MatrixFactorization(.init(factors: 7, epochs: 3, learningRate: 0.01, reg: 0.1, strata: 3))
        let trained = try TrainedModel.fit(model, train: Self.train, identifiers: Self.identifiers, scale: 1...5, seed: 1)
        let decoded = try TrainedModel<MatrixFactorization>(decoding: trained.encoded())
        #expect(decoded.model.parameters == model.parameters)
        let knn = NearestNeighbours(.init(on: .users, similarity: .cosine, k: 9, minSupport: 2, maxNeighbours: 4))
        let trainedKNN = try TrainedModel.fit(knn, train: Self.train, identifiers: Self.identifiers, scale: 1...5, seed: 1)
        #expect(try TrainedModel<NearestNeighbours>(decoding: trainedKNN.encoded()).model.parameters == knn.parameters)
    }

    func mfBytes() throws -> [UInt8] {
        try TrainedModel.fit(
            MatrixFactorization(.init(factors: 5, epochs: 2)), train: Self.train, identifiers: Self.identifiers,
            scale: 1...5, seed: 3, replay: .rows(50)
        ).encoded()
    }

    @Test func everyFlippedByteIsAnError() throws {
        let bytes = try mfBytes()
        for position in Swift.stride(from: 0, to: bytes.count, by: 7) {
            var damaged = bytes
            damaged[position] ^= 0x10
            #expect(throws: ModelArtifactError.self, "byte \(position)") {
                _ = try TrainedModel<MatrixFactorization>(decoding: damaged)
            }
        }
        var payload = bytes
        payload[40] ^= 1
        #expect(throws: ModelArtifactError.self) { _ = try TrainedModel<MatrixFactorization>(decoding: payload) }
        do {
            _ = try TrainedModel<MatrixFactorization>(decoding: payload)
        } catch {
            #expect(error.code == .damaged)
        }
    }

    @Test func everyTruncationIsAnError() throws {
        let bytes = try mfBytes()
        for length in [0, 3, 8, 12, 20, 21, 100, bytes.count / 2, bytes.count - 9, bytes.count - 1] {
            #expect(throws: ModelArtifactError.self, "length \(length)") {
                _ = try TrainedModel<MatrixFactorization>(decoding: Array(bytes.prefix(length)))
            }
        }
    }

    @Test func theFormatVersionIsChecked() throws {
        var bytes = try mfBytes()
        bytes[8] = 3  // the version's low byte
        do {
            _ = try TrainedModel<MatrixFactorization>(decoding: bytes)
            Issue.record("a version-3 artifact was read")
        } catch {
            #expect(error.code == .unsupportedVersion)
            #expect(
                error.description
                    == "model artifact unsupported format version: format version 3; this build reads versions 1 to 2")
        }
    }

    /// Version 1 holds the replay's capacity alone: a model with a replay of rows is written in it, byte for
    /// byte as before version 2 existed.
    @Test func aReplayOfRowsIsWrittenInVersionOne() throws {
        let model = MatrixFactorization(.init(factors: 3, epochs: 2))
        let trained = try TrainedModel.fit(
            model, train: Self.train, identifiers: Self.identifiers, scale: 1...5, seed: 5, replay: .rows(100))
        var payload = ArtifactWriter()
        payload.write(MatrixFactorization.kind)
        model.encode(to: &payload)
        payload.write(trained.identifiers.users)
        payload.write(trained.identifiers.items)
        trained.fitted.encode(to: &payload)
        payload.write(100)
        payload.write(trained.replay.seen)
        payload.write(trained.replay.seed)
        payload.write(trained.replay.users)
        payload.write(trained.replay.items)
        payload.write(trained.replay.values)
        payload.write(trained.seed)
        payload.write(trained.updates)
        let old = ArtifactEnvelope.wrap(payload.bytes, magic: ModelArtifactFormat.magic, version: 1)
        let decoded = try TrainedModel<MatrixFactorization>(decoding: old)
        #expect(decoded.replay == trained.replay && decoded.replay.policy == .rows(100))
        #expect(decoded.encoded() == old && trained.encoded() == old)
    }

    @Test func anotherKindIsRefusedByName() throws {
        let bytes = try mfBytes()
        do {
            _ = try TrainedModel<SVDPlusPlus>(decoding: bytes)
            Issue.record("an mf artifact was read as svdpp")
        } catch {
            #expect(error.code == .wrongKind)
            #expect(error.message == "the artifact holds a 'mf' model, not 'svdpp'")
        }
        #expect(throws: ModelArtifactError.self) { _ = try ModelArtifactFormat.kind(of: Array("hello".utf8)) }
    }

    @Test func predictionsByRawIdsFollowTheIdTables() throws {
        let ids = ModelIdentifiers(users: ["ann", "bob", "cy"], items: ["x", "y"])
        let train = ratingSet([(0, 0, 5), (0, 1, 3), (1, 0, 4), (2, 1, 1)])
        let trained = try TrainedModel.fit(Baseline(), train: train, identifiers: ids, scale: 1...5, seed: 1)
        // Another data set indexes the same people differently and adds one nobody knows.
        let other = try trained.predict(
            users: [0, 1, 2], items: [0, 1, 1], userIDs: ["cy", "zed", "ann"], itemIDs: ["y", "x"])
        let direct = trained.fitted.predict(users: [2, 0], items: [1, 0])
        #expect(other.values[0] == direct.values[0])
        #expect(other.fallbacks[1] == .unknownUser)
        #expect(other.values[2] == direct.values[1])
    }
}
