import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `mass serve` as its own process, as it is deployed: it stops cleanly on
/// SIGTERM and SIGINT, and it conforms to `api/openapi.yaml` under
/// property-based fuzzing with schemathesis. A process of its own keeps the
/// server's threads apart from the other tests' work.
@Suite struct ServeProcessTests {
    /// Exports a small weighted ensemble into a new folder; the model file's path.
    private func modelFile() throws -> (folder: URL, path: String) {
        let folder = try RunFixtures.folder([
            "p.yaml": ExportCommandTests.pipeline("{method: weighted}"), "ratings.csv": ExportCommandTests.ratings,
        ])
        let outcome = try MassProcess.run(["export", "p.yaml", "-o", "model.mass"], in: folder)
        try #require(outcome.status == 0, "\(outcome.stderr)")
        return (folder, folder.appendingPathComponent("model.mass").path)
    }

    /// Starts `mass serve` on a free loopback port and waits until it says where it listens.
    private func serve(_ path: String, in folder: URL) throws -> (server: BackgroundMass, port: Int) {
        let server = try BackgroundMass(["serve", path, "--port", "0"], in: folder)
        try #require(server.waitForStderr(containing: "mass: serving"), "the server did not start")
        let text = server.stderrSoFar
        let port = text.range(of: "http://127.0.0.1:").flatMap { range in
            Int(text[range.upperBound...].prefix { $0.isNumber })
        }
        return (server, try #require(port, "no port in: \(text)"))
    }

    private func get(_ port: Int, _ path: String) async throws -> (status: Int, body: String) {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)\(path)"))
        let (data, response) = try await URLSession.shared.data(from: url)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func aStopSignalEndsTheServerWithExitZero(_ signal: Int32) async throws {
        let (folder, path) = try modelFile()
        let (server, port) = try serve(path, in: folder)
        let health = try await get(port, "/healthz")
        #expect(health.status == 200, "\(health.body)")
        server.signal(signal)
        let outcome = server.wait()
        #expect(!outcome.killedBySignal, "killed by signal \(outcome.status)")
        #expect(outcome.status == 0, "\(outcome.stderr)")
    }

    /// The server process runs its tasks on the event loops; loading a
    /// replaced file and learning from events run on NIO's thread pool. Both
    /// still happen, and requests are answered meanwhile.
    @Test func aReplacedFileAndPostedEventsAreTakenUp() async throws {
        let (folder, path) = try modelFile()
        let (server, port) = try serve(path, in: folder)
        defer {
            server.signal(SIGTERM)
            _ = server.wait()
        }
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)/v1/events")))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"[{"user": "u1", "item": "i3", "rating": 5}, {"user": "new", "item": "i4", "rating": 2}]"#.utf8)
        let (_, posted) = try await URLSession.shared.data(for: request)
        #expect((posted as? HTTPURLResponse)?.statusCode == 202)
        let learned = try await modelDescription(port) { $0.eventsLearned >= 2 }
        #expect(learned.loads == 1)

        // A different model, written beside the served file and renamed over it.
        try ExportCommandTests.pipeline("{method: weighted}", svdEpochs: 7).write(
            to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let export = try MassProcess.run(["export", "p.yaml", "-o", "next.mass"], in: folder)
        try #require(export.status == 0, "\(export.stderr)")
        #expect(rename(folder.appendingPathComponent("next.mass").path, path) == 0)
        let reloaded = try await modelDescription(port) { $0.loads == 2 }
        #expect(reloaded.eventsLearned == 0, "learning starts again from the new file")
        let answer = try await get(port, "/v1/recommend?user=u1&n=3")
        #expect(answer.status == 200, "\(answer.body)")
    }

    /// What `GET /v1/model` says of loads and learning.
    private struct ModelState: Decodable {
        var loads: Int
        var eventsLearned: Int
    }

    /// `GET /v1/model` asked again until `done` holds for it (each answer is an
    /// event; the limit only ends a test whose server never gets there).
    private func modelDescription(_ port: Int, until done: (ModelState) -> Bool) async throws -> ModelState {
        var last = ModelState(loads: 0, eventsLearned: 0)
        for _ in 0..<600 {
            let (status, body) = try await get(port, "/v1/model")
            try #require(status == 200, "\(body)")
            last = try JSONDecoder().decode(ModelState.self, from: Data(body.utf8))
            if done(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the server never got there: \(last)")
        return last
    }

    static var schemathesis: String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return folders.map { $0 + "/st" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    @Test(.enabled(if: schemathesis != nil || inCI, "schemathesis (`st`) is not installed: pip install schemathesis"))
    func theServerConformsToItsOpenAPIDescription() throws {
        let tool = try #require(Self.schemathesis, "CI needs schemathesis: pip install schemathesis")
        let (folder, path) = try modelFile()
        let (server, port) = try serve(path, in: folder)
        defer {
            server.signal(SIGTERM)
            _ = server.wait()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        // schemathesis keeps its state in the working folder; keep it out of the repository.
        process.currentDirectoryURL = folder
        process.arguments = [
            "run", MassProcess.repositoryRoot.appendingPathComponent("api/openapi.yaml").path,
            "--url", "http://127.0.0.1:\(port)",
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            "--max-examples", "25", "--seed", "1",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // Read before waiting, so a full pipe cannot block the tool.
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "schemathesis found problems:\n\(text)")
    }
}
