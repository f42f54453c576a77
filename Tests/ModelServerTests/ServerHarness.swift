import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MLCore
import MLModels
import ModelServer
import ServiceLifecycle
import Testing

/// Model files and a running server for the tests.
enum ServerHarness {
    /// A small trained ensemble (a baseline and an incremental mf) over users and items named `u0`, `i0`...
    static func modelFile(pipeline: String, seed: UInt64) throws -> [UInt8] {
        var generator = SeededGenerator(seed: seed)
        let users = 20, items = 15
        var seen = Set<Int>(), triples: [(Int32, Int32, Double)] = []
        while triples.count < 150 {
            let u = generator.nextInt(below: users), i = generator.nextInt(below: items)
            guard seen.insert(u * items + i).inserted else { continue }
            triples.append((Int32(u), Int32(i), Double(1 + generator.nextInt(below: 5))))
        }
        let ratings = RatingSet(
            users: triples.map(\.0), items: triples.map(\.1), values: triples.map(\.2), userCount: users,
            itemCount: items)
        let ids = ModelIdentifiers(users: (0..<users).map { "u\($0)" }, items: (0..<items).map { "i\($0)" })
        let baseline = try TrainedModel.fit(Baseline(), train: ratings, identifiers: ids, scale: 1...5, seed: 1)
        var parameters = MatrixFactorization.Parameters()
        parameters.factors = 4
        parameters.epochs = 5
        let mf = try TrainedModel.fit(
            MatrixFactorization(parameters), train: ratings, identifiers: ids, scale: 1...5, seed: 2)
        let ensemble = try Ensemble(
            members: [EnsembleMember(name: "bias", models: [baseline]), EnsembleMember(name: "mf", models: [mf])],
            combiner: .linear(LinearCombination(weights: [0.5, 0.5])), identifiers: ids, scale: 1...5,
            rated: RatedItems(ratings), latestTime: 0)
        let provenance = EnsembleProvenance(
            pipeline: pipeline, configuration: "{}", dataFingerprint: "f\(seed)", target: "combined",
            metrics: [(name: "rmse", value: 0.9)])
        return EnsembleFile.encode(ensemble, provenance: provenance)
    }

    /// An ensemble whose answer depends on time: a baseline and a timesvdpp
    /// over 300 days in which even items rise from 2 to 4 stars and odd ones fall.
    static func timedModelFile() throws -> [UInt8] {
        var generator = SeededGenerator(seed: 11)
        let users = 20, items = 15
        var seen = Set<Int>()
        var userColumn: [Int32] = [], itemColumn: [Int32] = [], values: [Double] = [], times: [Double] = []
        while values.count < 200 {
            let u = generator.nextInt(below: users), i = generator.nextInt(below: items)
            guard seen.insert(u * items + i).inserted else { continue }
            let day = Double(generator.nextInt(below: 300))
            userColumn.append(Int32(u))
            itemColumn.append(Int32(i))
            values.append((3 + (day / 300 - 0.5) * 2 * (i % 2 == 0 ? 1 : -1)).rounded())
            times.append(day * 86_400)
        }
        let ratings = RatingSet(
            users: userColumn, items: itemColumn, values: values, times: times, userCount: users, itemCount: items)
        let ids = ModelIdentifiers(users: (0..<users).map { "u\($0)" }, items: (0..<items).map { "i\($0)" })
        let baseline = try TrainedModel.fit(Baseline(), train: ratings, identifiers: ids, scale: 1...5, seed: 1)
        let timed = try TrainedModel.fit(
            TimeSVDPlusPlus(.init(factors: 2, epochs: 20, timeLearningRate: 0.01, timeReg: 0.02, bins: 5)),
            train: ratings, identifiers: ids, scale: 1...5, seed: 2)
        let ensemble = try Ensemble(
            members: [EnsembleMember(name: "bias", models: [baseline]), EnsembleMember(name: "timed", models: [timed])],
            combiner: .linear(LinearCombination(weights: [0.5, 0.5])), identifiers: ids, scale: 1...5,
            rated: RatedItems(ratings), latestTime: 299 * 86_400)
        let provenance = EnsembleProvenance(
            pipeline: "timed", configuration: "{}", dataFingerprint: "t", target: "combined",
            metrics: [(name: "rmse", value: 0.9)])
        return EnsembleFile.encode(ensemble, provenance: provenance)
    }

    /// A fresh folder for one test's model file.
    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mass-serve-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Replaces the file as a deployment would: a temp file in the same folder, renamed over it.
    static func replace(_ path: String, with bytes: [UInt8]) throws {
        let temporary = path + ".incoming"
        try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        #expect(rename(temporary, path) == 0, "rename \(temporary) over \(path)")
    }

    struct NoPort: Error {}

    /// Starts the server on 127.0.0.1 port 0, runs `body` with a client of the bound port, then shuts down gracefully.
    static func withServer(
        _ path: String, limits: RequestLimits = RequestLimits(), snapshotEvents: Int? = nil,
        _ body: @escaping @Sendable (TestClient, ModelServer, Int) async throws -> Void
    ) async throws {
        let configuration = ServerConfiguration(
            modelPath: path, host: "127.0.0.1", port: 0, limits: limits, reloadInterval: .milliseconds(20),
            snapshotEvents: snapshotEvents)
        let server = try ModelServer(configuration: configuration, logger: Logger(label: "test"))
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = server.application { portContinuation.yield($0) }
        let group = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else { throw NoPort() }
            do {
                // The read timeout only keeps a broken server from hanging the run: with the
                // whole suite running on 2 cores a request may wait well past the default 15 s.
                try await TestClient.withClient(
                    host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(300))
                ) { client in
                    try await body(client, server, port)
                }
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    struct TimedOut: Error {}

    /// The first notification that matches; the server sends one for each reload, batch and snapshot.
    /// The time bound only keeps a broken server from hanging the run.
    static func next(
        _ server: ModelServer, where matches: @escaping @Sendable (ServerNotification) -> Bool
    ) async throws -> ServerNotification {
        try await withThrowingTaskGroup(of: ServerNotification?.self) { group in
            group.addTask {
                for await notification in server.notifications where matches(notification) { return notification }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: .seconds(60))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            guard let first else { throw TimedOut() }
            return first
        }
    }

    static func json<T: Decodable>(_ type: T.Type, _ response: TestClient.Response) throws -> T {
        try JSONDecoder().decode(T.self, from: Data((response.body ?? ByteBuffer()).readableBytesView))
    }
}

/// The parts of the API's JSON the tests read.
struct ModelInfo: Decodable {
    var pipeline: String
    var members: [String]
    var learningMembers: [String]
    var loads: Int
    var eventsLearned: Int
}

struct RecommendationBody: Decodable {
    struct Item: Decodable {
        var item: String
        var score: Double
    }
    var user: String
    var known: Bool
    var items: [Item]
}

struct ErrorBody: Decodable {
    struct Detail: Decodable {
        var code: String
        var message: String
    }
    var error: Detail
}
